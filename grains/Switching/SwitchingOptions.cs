namespace Orleans.DynamicDb.Switching;

/// <summary>How engine switches run (section <c>DynamicDb:Switching</c>); docs/switching.md.</summary>
public sealed class SwitchingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Switching";

    /// <summary>
    /// Captured changes left behind after a catch-up round small enough to apply inside the cut-over turn (while writes
    /// wait). Default: 500. 1–1,000,000.
    /// </summary>
    public int CutOverLag { get; set; } = 500;

    /// <summary>
    /// The most catch-up rounds before the cut-over; a database written faster than it can be replayed goes to the cut-over
    /// after them anyway (its pause is then longer). Default: 20. 1–1000.
    /// </summary>
    public int MaxCatchUpRounds { get; set; } = 20;

    /// <summary>How long a request waiting for approval lives before it expires. Default: 1 hour. 1 minute–7 days.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Diagnostics only (crash tests): after the switch persists this phase (<c>copying</c>, <c>catching_up</c>,
    /// <c>switched</c>), it stops there and waits until the silo ends, so a test can kill the process at a known point.
    /// Default: null (never). Never set it in production.
    /// </summary>
    public string? HaltAfterPhase { get; set; }
}
