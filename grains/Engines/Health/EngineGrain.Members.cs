using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Per-member health of a replication group: each standby has its own <see cref="EngineHealthMachine"/> and
/// <see cref="CircuitBreaker"/> (the engine's settings), fed on every tick by what the group shows of it, persisted with
/// the engine's state. The primary has the engine's own state and circuit, which alone triggers a failover; a standby
/// that is Failed or whose circuit is open is passed over by an emergency failover when a healthy one is as safe.
/// </summary>
internal sealed partial class EngineGrain
{
    private const string MemberStateEvent = "member_state";
    private const string MemberCircuitEvent = "member_circuit";
    private const string MemberAddedEvent = "member_added";

    private readonly Dictionary<string, (EngineHealthMachine Machine, CircuitBreaker Breaker)> _members = new(StringComparer.Ordinal);

    public async Task<EngineStatus> AddMemberAsync(double? weight, CancellationToken cancellationToken = default)
    {
        EnsureKnown();
        if (_replicated is not { IsStarted: true } group)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"The engine '{_id}' is of kind '{_engine!.Kind}', not a started {EngineKinds.PostgresHa} replication group; only those have members to add.");
        }

        var chosen = weight ?? _engine!.Health.Weight;
        if (!double.IsFinite(chosen) || chosen is < 0 or > EngineHealthOptionsValidator.MaxWeight)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"'weight' must be between 0 and {EngineHealthOptionsValidator.MaxWeight}, not {chosen.ToString(CultureInfo.InvariantCulture)}.");
        }

        var shown = chosen.ToString(CultureInfo.InvariantCulture);
        await PersistLockedAsync([new Change(MemberAddedEvent, null, "standby", $"decided: add a synchronous standby with weight {shown} to {_id}")], null);
        var started = time.GetTimestamp();
        MemberStatus added;
        try
        {
            added = await group.AddMemberAsync(chosen, cancellationToken);
        }
        catch (Exception e)
        {
            await PersistLockedAsync([new Change(MemberAddedEvent, null, null, $"failed: {e.Message}", Elapsed(started))], null);
            throw;
        }

        await PersistLockedAsync(
            [new Change(MemberAddedEvent, MemberId(added.Name), "standby", $"done: {added.Name} streams synchronously from {group.Primary} (weight {shown})", Elapsed(started))],
            null);
        LogMemberAdded(_id, added.Name, chosen, Elapsed(started));
        var observed = await group.GetGroupStatusAsync(cancellationToken);
        return Member(observed[added.Name], observed, _published);
    }

    /// <summary>
    /// One observation of every standby (called on each timer tick): a standby passes when it runs, streams and counts as
    /// synchronous. Its breaker and machine move as the engine's do for a probe round; changes are persisted (events
    /// <c>member_state</c>, <c>member_circuit</c>) before they are logged. Fenced members and the primary are not watched,
    /// and nothing is observed while an operation (add, rebuild, promotion) is under way.
    /// </summary>
    private async Task WatchMembersAsync(ReplicationGroupStatus observed)
    {
        if (observed.Pending is not null)
        {
            // A member being added, rebuilt or promoted is not itself yet: judging it now would fail it for being built.
            return;
        }

        await _gate.WaitAsync();
        try
        {
            RestoreMembers();
            var health = _engine!.Health;
            var now = time.GetUtcNow();
            var changes = new List<Change>();
            var watched = observed.Members.Where(m => m.Role == MemberRole.Standby).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
            var forgotten = _members.Keys.Where(name => !watched.Contains(name)).ToList();
            foreach (var name in forgotten)
            {
                _members.Remove(name);
            }

            foreach (var member in observed.Members.Where(m => m.Role == MemberRole.Standby))
            {
                if (!_members.TryGetValue(member.Name, out var watch))
                {
                    watch = (new EngineHealthMachine(EngineHealthState.Initializing, now), new CircuitBreaker(health, time));
                    _members[member.Name] = watch;
                }

                var failure = member.Running
                    ? member is { State: "streaming", SyncState: "quorum" } ? null : $"it does not stream synchronously ({member.State ?? "not connected"}/{member.SyncState ?? "-"})"
                    : "its server does not run";
                var round = new ProbeRound(failure is null, [new ProbeResult(failure is null, 0, failure)],
                    failure is null ? "it streams synchronously from the primary" : failure);
                AddMember(changes, member.Name, watch.Breaker.Tick());
                AddMember(changes, member.Name, watch.Machine.Recover(health.GracePeriod, now));
                AddMember(changes, member.Name, watch.Breaker.Record(round.Healthy ? 1 : 0, round.Healthy ? 0 : 1, failure));
                AddMember(changes, member.Name, watch.Breaker.RoundFailed(round));
                var (successes, failures) = watch.Breaker.Outcomes();
                AddMember(changes, member.Name,
                    watch.Machine.Evaluate(new HealthSignals(round, null, watch.Breaker.FailureRate, successes + failures, watch.Breaker.State), health, now));
            }

            if (changes.Count == 0 && forgotten.Count == 0)
            {
                return;
            }

            var members = _members.ToDictionary(
                m => m.Key,
                m => new MemberHealthState { State = m.Value.Machine.State, StateSince = m.Value.Machine.Since, Circuit = m.Value.Breaker.State, CircuitOpenedAt = m.Value.Breaker.OpenedAt },
                StringComparer.Ordinal);
            // Member changes are not the engine's: its LastChangeAt stays.
            var lastChange = state.State.LastChangeAt;
            await PersistAsync(changes, now, s => (s.Members, s.LastChangeAt) = (members, lastChange));
            foreach (var change in changes)
            {
                LogMemberHealthChanged(change.To == nameof(EngineHealthState.Failed) || change.To == nameof(CircuitState.Open) ? LogLevel.Warning : LogLevel.Information,
                    _id, change.From!, change.Type, change.To!, change.Reason);
            }
        }
        catch (Exception e)
        {
            // Persisting failed (logged by PersistAsync) or the group could not be read: the next tick observes again.
            _members.Clear();
            LogMemberWatchFailed(e, _id);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The members' machines and breakers as the persisted state says (once per activation, and after a failed write).</summary>
    private void RestoreMembers()
    {
        if (_members.Count > 0 || state.State.Members.Count == 0)
        {
            return;
        }

        foreach (var (name, member) in state.State.Members)
        {
            _members[name] = (new EngineHealthMachine(member.State, member.StateSince), new CircuitBreaker(_engine!.Health, time, member.Circuit, member.CircuitOpenedAt));
        }
    }

    /// <summary>The standbys an emergency failover passes over when a healthy one is as safe: Failed, or their circuit open.</summary>
    private IReadOnlyCollection<string> UnhealthyMembers()
    {
        RestoreMembers();
        return _members.Where(m => m.Value.Machine.State == EngineHealthState.Failed || m.Value.Breaker.State == CircuitState.Open)
            .Select(m => m.Key).ToList();
    }

    /// <summary>The member's own health and circuit as last persisted; null when it is not watched (yet).</summary>
    private (EngineHealthState State, CircuitState Circuit)? WatchedHealth(string member, EngineGrainState published) =>
        published.Members.TryGetValue(member, out var watched) ? (watched.State, watched.Circuit) : null;

    /// <summary>The member's health is good enough to become primary: watched Healthy (for at least <paramref name="since"/>) with a closed circuit.</summary>
    private bool IsWatchedHealthy(string member, TimeSpan since) =>
        _published.Members.TryGetValue(member, out var watched) && watched is { State: EngineHealthState.Healthy, Circuit: CircuitState.Closed }
        && time.GetUtcNow() - watched.StateSince >= since;

    private void AddMember(List<Change> changes, string member, CircuitChange? change)
    {
        if (change is not null)
        {
            changes.Add(new Change(MemberCircuitEvent, change.From.ToString(), change.To.ToString(), $"{MemberId(member)}: {change.Reason}"));
        }
    }

    private void AddMember(List<Change> changes, string member, HealthChange? change)
    {
        if (change is not null)
        {
            changes.Add(new Change(MemberStateEvent, change.From.ToString(), change.To.ToString(), $"{MemberId(member)}: {change.Reason}"));
        }
    }

    [LoggerMessage(EventId = EventIds.EngineMemberHealthChanged, Message = "Engine member health changed engine={EngineId} from={From} kind={Kind} to={To} reason={Reason}")]
    private partial void LogMemberHealthChanged(LogLevel level, string engineId, string from, string kind, string to, string reason);

    [LoggerMessage(EventId = EventIds.EngineMemberWatchFailed, Level = LogLevel.Warning, Message = "Engine members not observed engine={EngineId}; the next tick tries again")]
    private partial void LogMemberWatchFailed(Exception exception, string engineId);

    [LoggerMessage(EventId = EventIds.EngineMemberAdded, Level = LogLevel.Information,
        Message = "Engine member added engine={EngineId} member={Member} weight={Weight} elapsed_ms={ElapsedMs}")]
    private partial void LogMemberAdded(string engineId, string member, double weight, double elapsedMs);
}
