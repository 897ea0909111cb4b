namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// One replication group member's own health as <see cref="EngineGrain"/> persists it (part of
/// <see cref="EngineGrainState.Members"/>): its state machine and circuit, decided from what each tick observes of it.
/// </summary>
[GenerateSerializer]
[Alias("dyndb.MemberHealthState")]
internal sealed class MemberHealthState
{
    /// <summary>The member's health state.</summary>
    [Id(0)]
    public EngineHealthState State { get; set; } = EngineHealthState.Initializing;

    /// <summary>When <see cref="State"/> was entered.</summary>
    [Id(1)]
    public DateTimeOffset StateSince { get; set; }

    /// <summary>The member's circuit.</summary>
    [Id(2)]
    public CircuitState Circuit { get; set; } = CircuitState.Closed;

    /// <summary>When the member's circuit last opened; null while Closed.</summary>
    [Id(3)]
    public DateTimeOffset? CircuitOpenedAt { get; set; }
}
