namespace Orleans.DynamicDb.Engines.Health;

/// <summary>What <see cref="EngineGrain"/> persists (<c>[PersistentState("engine")]</c>): its decisions and the recent event stream.</summary>
[GenerateSerializer]
[Alias("dyndb.EngineGrainState")]
internal sealed class EngineGrainState
{
    /// <summary>The health state.</summary>
    [Id(0)]
    public EngineHealthState State { get; set; } = EngineHealthState.Initializing;

    /// <summary>When <see cref="State"/> was entered.</summary>
    [Id(1)]
    public DateTimeOffset StateSince { get; set; }

    /// <summary>The circuit's state.</summary>
    [Id(2)]
    public CircuitState Circuit { get; set; } = CircuitState.Closed;

    /// <summary>When the circuit last opened; null while Closed.</summary>
    [Id(3)]
    public DateTimeOffset? CircuitOpenedAt { get; set; }

    /// <summary>The group's epoch after the last role decision (0 for a standalone engine).</summary>
    [Id(4)]
    public long Epoch { get; set; }

    /// <summary>When the state or circuit last changed.</summary>
    [Id(5)]
    public DateTimeOffset LastChangeAt { get; set; }

    /// <summary>The sequence number of the newest event (0: none yet).</summary>
    [Id(6)]
    public long LastSequence { get; set; }

    /// <summary>The newest events, oldest first, at most <see cref="EngineGrain.MaxEvents"/>.</summary>
    [Id(7)]
    public List<EngineEvent> Events { get; set; } = [];

    /// <summary>When the last failover was decided (at most one per grace period); null before the first.</summary>
    [Id(8)]
    public DateTimeOffset? LastFailoverAt { get; set; }

    /// <summary>The failover decided and not finished yet, as a sentence; null when none is under way.</summary>
    [Id(9)]
    public string? PendingFailover { get; set; }

    /// <summary>When a fenced member last rejoined as a rebuilt standby (auto-fallback waits from here); null when none did.</summary>
    [Id(10)]
    public DateTimeOffset? RejoinedAt { get; set; }

    /// <summary>
    /// A replication group's members other than the primary (which has the engine's state and circuit), by name: each
    /// one's own health state and circuit. Fenced members are not watched (they show Failed/Open until rebuilt).
    /// </summary>
    [Id(11)]
    public Dictionary<string, MemberHealthState> Members { get; set; } = [];

    /// <summary>The standbys the auto-scaler added and has not removed yet, oldest first (scale-down removes the newest).</summary>
    [Id(12)]
    public List<string> AutoScaled { get; set; } = [];

    /// <summary>The auto-scaler's last decision, as a sentence; null before the first.</summary>
    [Id(13)]
    public string? LastAutoScale { get; set; }

    /// <summary>When <see cref="LastAutoScale"/> was decided.</summary>
    [Id(14)]
    public DateTimeOffset? LastAutoScaleAt { get; set; }
}
