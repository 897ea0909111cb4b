namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>
/// One switching policy, as configured (<c>DynamicDb:Switching:Policies:{name}</c>) or set through
/// <c>POST /v1/admin/policies</c>; checked by <see cref="SwitchPolicyRules"/>.
/// </summary>
/// <param name="Name">The policy's name (its grain's key).</param>
/// <param name="Enabled">Whether it evaluates at all.</param>
/// <param name="TriggerType">One of <see cref="SwitchTriggerTypes"/>.</param>
/// <param name="ThresholdValue">Performance: the p99 in milliseconds above which a database moves. Load-based: the most in flight at once above which it moves out.</param>
/// <param name="ScaleDownThreshold">Load-based only: below this a database the policy moved goes back to the engine it came from; null: never moved back.</param>
/// <param name="TargetEngine">Where databases move to.</param>
/// <param name="Apps">The apps whose databases it watches; empty: every app.</param>
/// <param name="Window">The window the load is measured over.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SwitchPolicy")]
public sealed record SwitchPolicy(
    string Name,
    bool Enabled,
    string TriggerType,
    double ThresholdValue,
    double? ScaleDownThreshold,
    string TargetEngine,
    IReadOnlyList<string> Apps,
    TimeSpan Window)
{
    /// <summary>The window when none is given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    /// <summary>Whether the policy watches databases of <paramref name="app"/>.</summary>
    public bool Watches(string app) => Apps.Count == 0 || Apps.Contains(app, StringComparer.Ordinal);
}
