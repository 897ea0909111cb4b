using System.Globalization;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>Failing a replication group over: decided here, persisted before acted on, measured.</summary>
internal sealed partial class EngineGrain
{
    private const string FailoverEvent = "failover";

    public async Task<IReadOnlyList<EngineStatus>> GetMembersAsync(CancellationToken cancellationToken = default)
    {
        EnsureKnown();
        if (_replicated is not { IsStarted: true } group)
        {
            return [];
        }

        var observed = await group.GetGroupStatusAsync(cancellationToken);
        var published = _published;
        return observed.Members.Select(m => Member(m, observed, published)).ToList();
    }

    public async Task<EngineStatus> FailoverAsync(string? target, CancellationToken cancellationToken = default)
    {
        EnsureKnown();
        if (_replicated is not { IsStarted: true } group)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"The engine '{_id}' is of kind '{_engine!.Kind}', not a started {EngineKinds.PostgresHa} replication group; only those fail over.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var observed = await group.GetGroupStatusAsync(cancellationToken);
            if (target is not null)
            {
                var member = observed.Members.FirstOrDefault(m => m.Name == target)
                    ?? throw new DynamicDbException(ErrorCodes.RequestInvalid,
                        $"'{target}' is not a member of the replication group '{_id}'; its members are {string.Join(", ", observed.Members.Select(m => m.Name))}.");
                if (!IsHealthyStandby(member))
                {
                    throw new DynamicDbException(ErrorCodes.EngineFailoverUnsafe,
                        $"'{target}' is not a healthy synchronous standby of '{_id}' (role {member.Role.ToString().ToLowerInvariant()}, " +
                        $"{(member.Running ? "running" : "not running")}, {member.State ?? "not streaming"}/{member.SyncState ?? "not synchronous"}); choose one of " +
                        $"{string.Join(", ", observed.Members.Where(m => m.Role == MemberRole.Standby && m.State == "streaming" && m.SyncState == "quorum").Select(m => m.Name).DefaultIfEmpty("(none)"))}.");
                }
            }

            // A healthy primary hands over in a planned switchover (statements held, not failed) to the target, or to the
            // healthy synchronous standby that lags least; otherwise the emergency promotion (fence, promote the furthest).
            var switchTo = PrimaryIsHealthy(observed)
                ? target ?? observed.Members.Where(IsHealthyStandby)
                    .OrderByDescending(m => m.Weight).ThenBy(m => m.LagBytes ?? long.MaxValue).ThenBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault()?.Name
                : null;
            if (switchTo is not null && !group.RunsMembers)
            {
                // Refused before anything is persisted: a refusal must not count as a failover (the grace period would hold back a real one).
                throw new DynamicDbException(ErrorCodes.EngineFailoverUnsafe,
                    $"'{_id}' is a registered replication group and its primary {observed.Primary} is healthy: planned switchover is not supported for registered groups (SQL alone cannot demote a primary). It fails over by itself when the primary fails.");
            }

            await FailoverCoreAsync(group, switchTo ?? target, "a manual failover was requested", openedAt: null, planned: switchTo is not null);
        }
        finally
        {
            _gate.Release();
        }

        return await StatusAsync(cancellationToken);
    }

    /// <summary>A standby that streams synchronously now and whose own health is neither Failed nor behind an open circuit.</summary>
    private bool IsHealthyStandby(MemberStatus member) =>
        member is { Role: MemberRole.Standby, Running: true, State: "streaming", SyncState: "quorum" }
        && WatchedHealth(member.Name, _published) is not ({ State: EngineHealthState.Failed } or { Circuit: CircuitState.Open });

    /// <summary>The recorded primary runs and answers, and the engine's circuit is not open: a planned switchover can hand over from it.</summary>
    private bool PrimaryIsHealthy(ReplicationGroupStatus observed) =>
        observed.Members.FirstOrDefault(m => m.Name == observed.Primary) is { Role: MemberRole.Primary, Running: true, Lsn: not null }
        && _breaker!.State == CircuitState.Closed;

    /// <summary>
    /// The circuit of the group's primary opened (the gate is held): fail over, unless a failover was decided less than a
    /// grace period ago (no flapping). A failed failover is persisted and logged; the next opening tries again.
    /// </summary>
    private async Task FailoverOnOpenAsync(string reason, long openedAt)
    {
        var now = time.GetUtcNow();
        var grace = _engine!.Health.GracePeriod;
        if (state.State.LastFailoverAt is { } last && now - last < grace)
        {
            LogFailoverSuppressed(_id, last, grace.TotalSeconds);
            return;
        }

        var from = _replicated!.Primary;
        try
        {
            await FailoverCoreAsync(_replicated!, null, $"the circuit opened: {reason}", openedAt);
            await AuditAutomaticFailoverAsync(AuditActions.FailoverCompleted, AuditResults.Ok, from, reason);
        }
        catch (Exception e)
        {
            // Persisted as an event by FailoverCoreAsync when it got that far; nothing is retried before the next opening.
            LogFailoverFailed(e, _id);
            await AuditAutomaticFailoverAsync(AuditActions.FailoverFailed, e is DynamicDbException known ? known.ErrorCode : "error", from, reason);
        }
    }

    /// <summary>
    /// Records an automatic failover in the audit log (actor <c>system</c>). It never holds back or undoes the failover: a
    /// row that cannot be written is logged and counted by the audit log (<c>dyndb_audit_append_failures_total</c>).
    /// </summary>
    private async Task AuditAutomaticFailoverAsync(string action, string result, string from, string reason)
    {
        try
        {
            await audit.AppendAsync(new AuditEntry(AuditActions.SystemActor, action, _id, result, new Dictionary<string, string>
            {
                ["from"] = from,
                ["primary"] = _replicated!.Primary,
                ["epoch"] = _replicated.Epoch.ToString(CultureInfo.InvariantCulture),
                ["reason"] = $"the circuit opened: {reason}",
            }));
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.AuditUnavailable)
        {
            // Already logged and counted where it failed.
        }
    }

    /// <summary>
    /// Persists the decision (event <c>failover</c>: from the primary, to the target, the new epoch, the decision time
    /// after Open), asks the engine to promote — <paramref name="planned"/>: a switchover to <paramref name="target"/> from a
    /// healthy primary (<see cref="IReplicatedEngine.SwitchOverAsync"/>: statements held, not failed) — then persists the
    /// outcome with its durations and resets the circuit (and a Failed state) for the new primary. Called with the gate held.
    /// </summary>
    private async Task FailoverCoreAsync(IReplicatedEngine group, string? target, string why, long? openedAt, bool planned = false)
    {
        var from = group.Primary;
        var epoch = group.Epoch + 1;
        var decisionMs = openedAt is { } opened ? Math.Round(time.GetElapsedTime(opened).TotalMilliseconds, 3) : (double?)null;
        var description = planned
            ? $"switch over from {from} to {target} (planned, statements held; epoch {epoch - 1} to {epoch}): {why}"
            : $"promote {(target is null ? "the healthy, highest-weighted standby whose WAL reaches furthest" : target)} in place of {from} (epoch {epoch - 1} to {epoch}): {why}";
        var decidedAt = time.GetUtcNow();
        await PersistAsync(
            [new Change(FailoverEvent, MemberId(from), target is null ? null : MemberId(target), $"decided: {description}", decisionMs)],
            decidedAt,
            s => (s.LastFailoverAt, s.PendingFailover) = (decidedAt, description));
        LogFailoverDecided(_id, from, target ?? "furthest", epoch, decisionMs ?? 0);
        var promoting = time.GetTimestamp();
        ReplicationGroupStatus status;
        try
        {
            if (planned)
            {
                var timings = await group.SwitchOverAsync(target!, CancellationToken.None);
                LogSwitchedOver(_id, from, timings.Primary, timings.Epoch, timings.HeldMs);
                status = await group.GetGroupStatusAsync(CancellationToken.None);
            }
            else
            {
                // Among the standbys whose WAL reaches furthest: a healthy one, then the highest weight (FailoverCandidates).
                status = await group.PromoteAsync(target, UnhealthyMembers(), CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            var failedMs = Math.Round(time.GetElapsedTime(promoting).TotalMilliseconds, 1);
            await PersistAsync([new Change(FailoverEvent, MemberId(from), null, $"failed: {e.Message}", failedMs)], time.GetUtcNow(), s => s.PendingFailover = null);
            throw;
        }

        var promotionMs = Math.Round(time.GetElapsedTime(promoting).TotalMilliseconds, 1);
        var now = time.GetUtcNow();
        _outcomesStaleBefore = now;
        var changes = new List<Change>
        {
            new(FailoverEvent, MemberId(from), MemberId(status.Primary),
                string.Create(CultureInfo.InvariantCulture, $"done: {status.Primary} is the primary at epoch {status.Epoch}; promotion took {promotionMs} ms, decision {decisionMs?.ToString(CultureInfo.InvariantCulture) ?? "-"} ms after Open"),
                (decisionMs ?? 0) + promotionMs),
        };
        if (_breaker!.State != CircuitState.Closed)
        {
            changes.Add(new Change(CircuitEvent, _breaker.State.ToString(), nameof(CircuitState.Closed), $"failed over to {status.Primary}"));
        }

        _breaker = new CircuitBreaker(_engine!.Health, time);
        if (_machine!.State == EngineHealthState.Failed)
        {
            Add(changes, _machine.MoveTo(EngineHealthState.Initializing, $"failed over to {status.Primary}; the next probe round decides", now));
        }

        await PersistAsync(changes, now, s => (s.Epoch, s.PendingFailover) = (status.Epoch, null));
        Publish(changes);
        LogFailedOver(_id, from, status.Primary, status.Epoch, decisionMs ?? 0, promotionMs);
    }

    private string MemberId(string member) => $"{_id}.{member}";

    /// <summary>
    /// A member as an engine entry with its own weight: the primary shows the engine's state and circuit; a standby its own
    /// (EngineGrain.Members), or — before its first observation — Healthy/Closed while it streams, Failed/Open otherwise;
    /// a fenced member is Failed/Open.
    /// </summary>
    private EngineStatus Member(MemberStatus member, ReplicationGroupStatus group, EngineGrainState published)
    {
        var isPrimary = member.Name == group.Primary && member.Role == MemberRole.Primary;
        var healthy = member.Running && (isPrimary ? member.Lsn is not null : member.State == "streaming");
        var (health, circuit) = isPrimary
            ? (published.State, published.Circuit)
            : member.Role == MemberRole.Standby && WatchedHealth(member.Name, published) is { } watched ? watched
            : healthy && member.Role == MemberRole.Standby ? (EngineHealthState.Healthy, CircuitState.Closed) : (EngineHealthState.Failed, CircuitState.Open);
        return new EngineStatus(
            MemberId(member.Name), EngineKinds.PostgresHa, _id, member.Role.ToString().ToLowerInvariant(), health, circuit, member.Weight, group.Epoch,
            isPrimary ? _latency!.P50 : null, isPrimary ? _latency!.P99 : null, isPrimary ? _latency!.ErrorRate : 0, member.Connections,
            member.LagBytes, _replicated!.RunsMembers ? member.Pid : null, _replicated.RunsMembers ? member.Port : null, isPrimary ? _lastProbeAt : null, published.LastChangeAt, member.Silo);
    }
}
