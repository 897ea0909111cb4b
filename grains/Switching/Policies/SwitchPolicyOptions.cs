namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>
/// Automatic switching (section <c>DynamicDb:Switching</c>): the configured policies and the limits every policy
/// respects. Validated at start-up (<see cref="SwitchPolicyOptionsValidator"/>).
/// </summary>
public sealed class SwitchPolicyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Switching";

    /// <summary>The configured policies by name (<c>DynamicDb:Switching:Policies:{name}</c>). Default: none.</summary>
    public Dictionary<string, SwitchPolicySettings> Policies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A database a switch moved (or a policy asked to move) is not moved again by a policy before this. Default: 300 (0 to 86400).</summary>
    public int CooldownSeconds { get; set; } = 300;

    /// <summary>Policies ask for no switch while this many switches happened in the last hour. Default: 10 (1 to 10000).</summary>
    public int MaxSwitchesPerHour { get; set; } = 10;

    /// <summary>Whether a policy's switch waits as <c>pending_approval</c> for an admin. Default: false.</summary>
    public bool RequireAdminApproval { get; set; }

    /// <summary>How long a pending switch waits for an approval before it expires. Default: 1 hour (1 minute to 7 days).</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each policy evaluates its databases. Default: 10 seconds (1 s to 1 h).</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The period of the reminder that keeps each policy's grain activated (and reactivates it after a restart, on one
    /// silo). Default: 1 minute, Orleans' minimum reminder period (1 s to 1 h).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
