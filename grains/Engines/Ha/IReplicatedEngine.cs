namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// An engine backed by a replication group (the <c>postgres-ha</c> kind): what its <see cref="IEngineGrain"/> needs to
/// watch the group's primary, observe the members and fail over.
/// </summary>
public interface IReplicatedEngine : IDatabaseEngine
{
    /// <summary>True once the group has started.</summary>
    bool IsStarted { get; }

    /// <summary>The group's epoch now (1 after the first start, one more after every promotion).</summary>
    long Epoch { get; }

    /// <summary>
    /// True when this silo runs the members' servers (their pid and port are its own to report, it rebuilds them); false for a
    /// registered group someone else runs. Default: true.
    /// </summary>
    bool RunsMembers => true;

    /// <summary>The member that takes writes now.</summary>
    string Primary { get; }

    /// <summary>Every member as observed now.</summary>
    Task<ReplicationGroupStatus> GetGroupStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Fences the primary and promotes <paramref name="target"/> (null: the standby whose WAL reaches furthest); answers the group after it.</summary>
    Task<ReplicationGroupStatus> PromoteAsync(string? target, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="PromoteAsync(string?, CancellationToken)"/>; with no target, the standby promoted is, among those whose
    /// WAL reaches furthest, a healthy one (not in <paramref name="unhealthy"/>) with the highest weight.
    /// </summary>
    Task<ReplicationGroupStatus> PromoteAsync(string? target, IReadOnlyCollection<string> unhealthy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a synchronous standby at run time (the next name mK, a base backup of the primary) with its own
    /// <paramref name="weight"/> and answers it as observed once it streams and counts as synchronous.
    /// </summary>
    Task<MemberStatus> AddMemberAsync(double weight, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the standby <paramref name="member"/> (never the primary, never below the group's minimum); answers where its
    /// data directory was moved.
    /// </summary>
    Task<string> RemoveMemberAsync(string member, CancellationToken cancellationToken = default);

    /// <summary>The standbys' load as last sampled by <see cref="SampleMemberLoadsAsync"/>.</summary>
    AutoScale.MemberLoads MemberLoads { get; }

    /// <summary>Samples the running standbys of <paramref name="observed"/> now (active client backends) and keeps it as <see cref="MemberLoads"/>.</summary>
    Task<AutoScale.MemberLoads> SampleMemberLoadsAsync(ReplicationGroupStatus observed, CancellationToken cancellationToken = default);

    /// <summary>
    /// A planned switchover to the healthy standby <paramref name="target"/> while the primary is healthy: statements are
    /// held (not failed) until it is done, nothing acknowledged is lost; aborted with <c>engine.failover_unsafe</c> (the old
    /// primary keeps serving) when the target cannot catch up in time.
    /// </summary>
    Task<SwitchoverTimings> SwitchOverAsync(string target, CancellationToken cancellationToken = default);

    /// <summary>Rebuilds a fenced (or broken) member as a standby of the primary (<c>pg_rewind</c>, else a fresh base backup); answers how.</summary>
    Task<string> RebuildAsync(string member, CancellationToken cancellationToken = default);

    /// <summary>The probe of the primary statements are routed to, bounded by <paramref name="timeout"/>.</summary>
    Health.IEngineProbe CreateProbe(TimeSpan timeout);
}
