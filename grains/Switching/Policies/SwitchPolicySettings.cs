namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>One configured policy (<c>DynamicDb:Switching:Policies:{name}</c>); see <see cref="SwitchPolicy"/>.</summary>
public sealed class SwitchPolicySettings
{
    /// <summary>Whether it evaluates. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>performance</c> or <c>load_based</c>. Required.</summary>
    public string? TriggerType { get; set; }

    /// <summary>Performance: the p99 (ms) over <see cref="Window"/> above which a database moves. Required for performance policies.</summary>
    public double? TriggerThresholdMs { get; set; }

    /// <summary>Load-based: the most requests and cursors in flight at once above which a database moves out. Required for load-based policies.</summary>
    public double? MaxConnectionsThreshold { get; set; }

    /// <summary>Load-based: below this a database the policy moved goes back where it came from. Default: none (never moved back).</summary>
    public double? ScaleDownThreshold { get; set; }

    /// <summary>The engine databases move to. Required; must be a configured engine.</summary>
    public string? TargetEngine { get; set; }

    /// <summary>The apps it watches. Default: every app.</summary>
    public List<string> Apps { get; set; } = [];

    /// <summary>The window the load is measured over. Default: 60 seconds (1 s to 1 h).</summary>
    public TimeSpan Window { get; set; } = SwitchPolicy.DefaultWindow;

    /// <summary>The policy these settings describe (a missing threshold reads as 0, which the rules refuse naming the setting).</summary>
    public SwitchPolicy ToPolicy(string name)
    {
        var loadBased = TriggerType == SwitchTriggerTypes.LoadBased;
        return new SwitchPolicy(
            name,
            Enabled,
            TriggerType ?? "",
            (loadBased ? MaxConnectionsThreshold : TriggerThresholdMs) ?? 0,
            ScaleDownThreshold,
            TargetEngine ?? "",
            [.. Apps],
            Window);
    }
}
