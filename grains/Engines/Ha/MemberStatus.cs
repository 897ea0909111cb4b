namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>One member of a replication group as observed now.</summary>
/// <param name="Name">The member's name (also its <c>application_name</c> and replication slot).</param>
/// <param name="Role">Its role in the layout.</param>
/// <param name="Port">The loopback port it listens on.</param>
/// <param name="Pid">The postmaster's process id while it runs, otherwise null.</param>
/// <param name="Running">True when its postmaster is alive.</param>
/// <param name="Lsn">
/// A primary's current WAL position (<c>pg_current_wal_lsn()</c>), a standby's replayed position
/// (<c>pg_last_wal_replay_lsn()</c>), as a byte offset; null when it does not answer.
/// </param>
/// <param name="LagBytes">A standby's replay lag behind the primary from <c>pg_stat_replication</c>; 0 for the primary; null when not streaming.</param>
/// <param name="State">A standby's <c>pg_stat_replication.state</c> on the primary (e.g. "streaming"), null when it is not connected.</param>
/// <param name="SyncState">A standby's <c>pg_stat_replication.sync_state</c> ("quorum" when it may acknowledge commits), null when not connected.</param>
/// <param name="Connections">Client connections to the member (<c>pg_stat_activity</c>, not counting the one asking); null when it does not answer.</param>
/// <param name="Weight">The member's own weight (see <see cref="MemberWeights"/>): higher is preferred as primary.</param>
/// <param name="Silo">The Orleans silo that runs the member when the group is spread over a cluster's silos; null when this silo runs every member.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.MemberStatus")]
public sealed record MemberStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] MemberRole Role,
    [property: Id(2)] int Port,
    [property: Id(3)] int? Pid,
    [property: Id(4)] bool Running,
    [property: Id(5)] long? Lsn,
    [property: Id(6)] long? LagBytes,
    [property: Id(7)] string? State,
    [property: Id(8)] string? SyncState,
    [property: Id(9)] int? Connections = null,
    [property: Id(10)] double Weight = 1.0,
    [property: Id(11)] string? Silo = null);
