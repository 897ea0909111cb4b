namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// A primary and synchronous standbys as a <see cref="HaPostgresEngine"/> sees them: where statements go (the primary
/// at an epoch, only while the group is at rest), what every member is doing, and the operations the engine's grain
/// decides (promote, switch over, rebuild). <see cref="ReplicationGroup"/> is the group this silo runs itself; other
/// implementations may drive servers someone else runs, or members spread over silos.
/// </summary>
public interface IReplicationGroup : IAsyncDisposable
{
    /// <summary>The group's name (the engine id).</summary>
    string Name { get; }

    /// <summary>Where the group lives, for messages (a folder, or the servers it is made of).</summary>
    string Location { get; }

    /// <summary>True when this silo runs the members' processes (their pid and port are its own to report, and it can rebuild them).</summary>
    bool RunsMembers { get; }

    /// <summary>The current epoch (1 after the first start, one more after every promotion).</summary>
    long Epoch { get; }

    /// <summary>The member that takes writes; a fenced member never is.</summary>
    string Primary { get; }

    /// <summary>Every member's name, in creation order.</summary>
    IReadOnlyList<string> Members { get; }

    /// <summary>
    /// True when the group is started, no promotion is under way and its primary is a primary (not a fenced member waiting
    /// for a promotion to finish): only then may statements be routed to <see cref="Primary"/>.
    /// </summary>
    bool IsAtRest { get; }

    /// <summary>The member's role now.</summary>
    MemberRole RoleOf(string member);

    /// <summary>A superuser connection string (unpooled, database 'postgres') to <paramref name="member"/>, whatever its role.</summary>
    string ConnectionString(string member);

    /// <summary>Starts the group (or connects to it) and waits until its standbys stream synchronously; harmless when started.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops what <see cref="StartAsync"/> started.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Every member as observed now.</summary>
    Task<ReplicationGroupStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Fences the primary and promotes <paramref name="target"/> (null: among the standbys whose WAL reaches furthest, the
    /// highest-weighted one not in <paramref name="unhealthy"/>); answers the group after it.
    /// </summary>
    Task<ReplicationGroupStatus> PromoteAsync(string? target, IReadOnlyCollection<string> unhealthy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a synchronous standby of weight <paramref name="weight"/> while the primary keeps serving; answers it once the
    /// primary counts it as synchronous. Groups whose servers someone else runs refuse (their members come from settings).
    /// </summary>
    Task<MemberStatus> AddMemberAsync(double weight, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the standby <paramref name="member"/> (never the primary, never below the group's minimum): the layout and
    /// <c>synchronous_standby_names</c> first, then its server stops and its data directory is moved aside; answers where
    /// it went. Groups whose servers someone else runs refuse (their members come from settings).
    /// </summary>
    Task<string> RemoveMemberAsync(string member, CancellationToken cancellationToken = default) =>
        throw new Errors.DynamicDbException(Errors.ErrorCodes.RequestInvalid,
            $"The members of replication group {Name} ({Location}) are not run by this silo; remove them from its settings instead.");

    /// <summary>
    /// A planned switchover to <paramref name="target"/> while the primary is healthy: <paramref name="hold"/> runs once the
    /// target is ready (the engine holds statements), then the target must catch up within <paramref name="catchUpBound"/>
    /// or the switchover is aborted with <c>engine.failover_unsafe</c> and nothing changed.
    /// </summary>
    Task<SwitchoverTimings> SwitchOverAsync(string target, TimeSpan catchUpBound, Func<CancellationToken, Task> hold, CancellationToken cancellationToken = default);

    /// <summary>Rebuilds a fenced (or broken) member as a standby of the primary; answers how.</summary>
    Task<string> RebuildAsync(string member, CancellationToken cancellationToken = default);
}
