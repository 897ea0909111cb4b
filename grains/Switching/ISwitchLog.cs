namespace Orleans.DynamicDb.Switching;

/// <summary>
/// The history of engine switches (the catalog's <c>dyndb_switches</c>, in the catalog database), written step by step
/// so a switch's decisions are persisted before they are acted on and a restarted silo can finish an interrupted one.
/// Every change of a row moves it to the end of the history (a new <see cref="SwitchRecord.Cursor"/>). Thread-safe.
/// </summary>
public interface ISwitchLog
{
    /// <summary>
    /// Records a switch as <see cref="SwitchStates.Running"/> from <paramref name="record"/> (its id, source, target,
    /// requester, request settings, start time): a new row, or the approved pending row with that id. Fails with
    /// <c>switch.conflict</c> naming the running switch when another one of the same database is running.
    /// </summary>
    Task<SwitchRecord> AddAsync(SwitchRecord record, CancellationToken cancellationToken = default);

    /// <summary>Records a request waiting for approval (<see cref="SwitchStates.PendingApproval"/>) that expires at <see cref="SwitchRecord.ExpiresAt"/>.</summary>
    Task<SwitchRecord> AddPendingAsync(SwitchRecord record, CancellationToken cancellationToken = default);

    /// <summary>Records the phase a running switch entered.</summary>
    Task UpdatePhaseAsync(string id, string phase, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the database to <paramref name="engine"/> and the switch to <paramref name="phase"/> in one catalog
    /// transaction, only while <paramref name="activationEpoch"/> is the database's activation epoch (fencing). False (and
    /// nothing written) when the epoch was superseded.
    /// </summary>
    Task<bool> SetPlacementAsync(string id, string app, string database, string engine, string phase, long activationEpoch, CancellationToken cancellationToken = default);

    /// <summary>Records the end of a switch: its final state, phase, numbers, validation and error (from <paramref name="record"/>).</summary>
    Task<SwitchRecord> FinishAsync(SwitchRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves (the row becomes <see cref="SwitchStates.Running"/>, not started: the caller runs it) or rejects a pending
    /// request, recording <paramref name="by"/>. Only a pending request that has not expired at <paramref name="now"/> can
    /// be decided: one that has is recorded <see cref="SwitchStates.Expired"/>; both fail with <c>switch.conflict</c>
    /// naming the state. An unknown id fails with <c>switch.not_found</c>.
    /// </summary>
    Task<SwitchRecord> DecideAsync(string id, bool approve, string by, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>One switch; null when no switch has this id.</summary>
    Task<SwitchRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The switches whose cursor is above <paramref name="since"/>, at most <paramref name="limit"/>, in cursor order.</summary>
    Task<IReadOnlyList<SwitchRecord>> ListAsync(long since, int limit, CancellationToken cancellationToken = default);

    /// <summary>The running switch of one database, null when none runs.</summary>
    Task<SwitchRecord?> RunningForAsync(string app, string database, CancellationToken cancellationToken = default);

    /// <summary>Every running switch (for the engines' <c>Switching</c> state).</summary>
    Task<IReadOnlyList<SwitchRecord>> ListRunningAsync(CancellationToken cancellationToken = default);

    /// <summary>How many switches started at or after <paramref name="since"/> (the hourly cap of policies).</summary>
    Task<int> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}
