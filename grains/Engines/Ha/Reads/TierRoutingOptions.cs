namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>
/// How a <c>postgres-ha</c> engine routes autocommit reads by tier (docs/tiers.md, "Routing to standbys"), bound from
/// <c>DynamicDb:Tiers:Routing</c> and validated at start-up by <see cref="TierRoutingOptionsValidator"/>. Other engine kinds
/// have one server and ignore it.
/// </summary>
public sealed class TierRoutingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Tiers:Routing";

    /// <summary>Routes Low, Background and busy Medium reads to hot standbys; off sends everything to the primary. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The most a standby may lag and still serve reads: the time since it had replayed everything the primary had written
    /// (docs/tiers.md). Default: 1 second.
    /// </summary>
    public TimeSpan MaxStandbyLag { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each standby's replay position and the primary's WAL position are read; shorter than <see cref="MaxStandbyLag"/>. Default: 200 ms.</summary>
    public TimeSpan LagPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Medium reads go to a standby only while more than this many statements run on the primary. Default: 16.</summary>
    public int MediumPrimaryInFlight { get; set; } = 16;

    /// <summary>
    /// The most sessions whose last write position is remembered (read-your-writes); beyond it the oldest are folded into
    /// one position every session's standby read must have passed. Default: 100000.
    /// </summary>
    public int MaxTrackedSessions { get; set; } = 100_000;
}
