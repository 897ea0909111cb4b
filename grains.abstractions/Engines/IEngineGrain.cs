using Orleans.Concurrency;

namespace Orleans.DynamicDb.Engines;

/// <summary>
/// One engine of the cluster (key: the engine id), the only decider of its health state, circuit and role (Orleans keeps
/// one activation). It probes the engine on a timer, hears the statement outcomes database grains report, and persists
/// every decision before acting on it.
/// </summary>
[Alias("dyndb.IEngineGrain")]
public interface IEngineGrain : IGrainWithStringKey
{
    /// <summary>The engine's status now. Fails with <c>engine.unknown</c> when no engine has this id.</summary>
    [ReadOnly]
    Task<EngineStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs one probe round now (as the timer would) and answers the status after it.</summary>
    Task<EngineStatus> ProbeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells the engine how statements went since the last report: <paramref name="succeeded"/> and
    /// <paramref name="failed"/> counts (engine-side failures only: connection lost, timeouts, server errors — never a
    /// tenant's SQL error), and latency samples in milliseconds. A burst of failures can open the circuit before the
    /// next probe.
    /// </summary>
    [OneWay]
    Task ReportAsync(int succeeded, int failed, IReadOnlyList<double> latenciesMs, string? lastFailure);

    /// <summary>
    /// A statement found the engine's server unreachable (<paramref name="reason"/>: the cause, for the log): probe now
    /// (after the round running, if one is) rather than at the next interval, and again <c>HealthCheckProbesDelay</c>
    /// apart while the rounds fail — unless the circuit is not Closed, such rounds already run, or they ended less than
    /// <c>HealthCheckProbesDelay</c> ago. Answers once decided, without waiting for the rounds.
    /// </summary>
    Task SuspectUnreachableAsync(string reason);

    /// <summary>
    /// The members of a replication group engine (<c>postgres-ha</c>) as observed now, as entries with the id
    /// <c>{engine}.{member}</c>, the group's id as <c>Group</c> and role <c>primary</c>, <c>standby</c> or <c>fenced</c>;
    /// empty for other engines.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<EngineStatus>> GetMembersAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Fails the group over now (a manual failover, the same persisted path as the automatic one): fences the primary and
    /// promotes <paramref name="target"/> (a member name such as <c>m1</c>, or null for the standby whose WAL reaches
    /// furthest). Answers the engine's status after it. Fails with <c>request.invalid</c> when the engine is no
    /// replication group or the target is no member, <c>engine.failover_unsafe</c> when the target is not a healthy
    /// synchronous standby or could miss acknowledged commits.
    /// </summary>
    Task<EngineStatus> FailoverAsync(string? target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a synchronous standby to a <c>postgres-ha</c> engine's group at run time (the next name <c>mK</c>, a base
    /// backup of the primary) with its own <paramref name="weight"/> (null: the engine's <c>Health:Weight</c>) and answers
    /// its entry once it streams and counts as synchronous. Fails with <c>request.invalid</c> when the engine is no
    /// replication group or the weight is outside 0–1000, and <c>engine.group_full</c> when the group has 4 standbys.
    /// </summary>
    [ResponseTimeout("00:03:00")]
    Task<EngineStatus> AddMemberAsync(double? weight, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the standby <paramref name="member"/> (a name such as <c>m3</c>, or <c>{engine}.m3</c>) from a <c>postgres-ha</c>
    /// engine's group: <c>synchronous_standby_names</c> and the layout first, then its server stops, its port is free and
    /// its data directory is moved aside (never deleted). Answers the engine's status after it. Fails with
    /// <c>request.invalid</c> when the engine is no replication group, <c>engine.unknown</c> for no such member,
    /// <c>engine.member_primary</c> for the primary and <c>engine.group_minimum</c> below the group's minimum.
    /// </summary>
    [ResponseTimeout("00:03:00")]
    Task<EngineStatus> RemoveMemberAsync(string member, CancellationToken cancellationToken = default);

    /// <summary>The events after <paramref name="since"/> (0: from the start), at most <paramref name="max"/> of them, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<EngineEvent>> GetEventsAsync(long since, int max, CancellationToken cancellationToken = default);
}
