using Orleans.Storage;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>Deciding, persisting, then publishing the engine's state and circuit changes.</summary>
internal sealed partial class EngineGrain
{
    private const string StateEvent = "state";
    private const string CircuitEvent = "circuit";

    /// <summary>
    /// Feeds a probe round (or reported outcomes) to the breaker and the machine; when anything changed, persists the new
    /// state with its events and only then logs and measures it. A failed write restores the last persisted decisions.
    /// </summary>
    private async Task DecideAsync(ProbeRound? round, int succeeded, int failed, string? lastFailure, DateTimeOffset? arrived = null)
    {
        await _gate.WaitAsync();
        try
        {
            var health = _engine!.Health;
            var now = time.GetUtcNow();
            if (arrived < _outcomesStaleBefore)
            {
                // Reported before the last failover ended: they speak of the former primary.
                (succeeded, failed) = (0, 0);
            }

            var changes = new List<Change>();
            Add(changes, _breaker!.Tick());
            Add(changes, _machine!.Recover(health.GracePeriod, now));
            if (round is null)
            {
                Add(changes, _breaker.Record(succeeded, failed, lastFailure));
            }
            else
            {
                foreach (var result in round.Results)
                {
                    Add(changes, _breaker.Record(result.Passed ? 1 : 0, result.Passed ? 0 : 1, result.Failure));
                }

                Add(changes, _breaker.RoundFailed(round));
            }

            var (successes, failures) = _breaker.Outcomes();
            var signals = new HealthSignals(round, _latency!.P99, _breaker.FailureRate, successes + failures, _breaker.State);
            Add(changes, _machine.Evaluate(signals, health, now));
            if (changes.Count == 0)
            {
                return;
            }

            var opened = changes.FirstOrDefault(c => c.Type == CircuitEvent && c.To == nameof(CircuitState.Open));
            var openedAt = time.GetTimestamp();
            await PersistAsync(changes, now);
            Publish(changes);
            if (opened is not null && _replicated is not null)
            {
                await FailoverOnOpenAsync(opened.Reason, openedAt);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Writes the decisions as a new state object; only once stored does it become <see cref="_published"/>, what status
    /// and event reads answer (they interleave with the write). A failed write puts the previous state back.
    /// </summary>
    private async Task PersistAsync(List<Change> changes, DateTimeOffset now, Action<EngineGrainState>? adjust = null)
    {
        var previous = state.State;
        var events = new List<EngineEvent>(previous.Events);
        var sequence = previous.LastSequence;
        foreach (var change in changes)
        {
            events.Add(new EngineEvent(++sequence, now, _id, change.Type, change.From, change.To, change.Reason, change.DurationMs));
        }

        if (events.Count > MaxEvents)
        {
            events.RemoveRange(0, events.Count - MaxEvents);
        }

        var next = new EngineGrainState
        {
            State = _machine!.State,
            StateSince = _machine.Since,
            Circuit = _breaker!.State,
            CircuitOpenedAt = _breaker.OpenedAt,
            Epoch = previous.Epoch,
            LastChangeAt = now,
            LastSequence = sequence,
            Events = events,
            LastFailoverAt = previous.LastFailoverAt,
            PendingFailover = previous.PendingFailover,
            RejoinedAt = previous.RejoinedAt,
            Members = previous.Members,
            AutoScaled = previous.AutoScaled,
            LastAutoScale = previous.LastAutoScale,
            LastAutoScaleAt = previous.LastAutoScaleAt,
        };
        adjust?.Invoke(next);
        state.State = next;
        try
        {
            await state.WriteStateAsync();
            _published = next;
        }
        catch (Exception e)
        {
            state.State = previous;
            Restore();
            if (e is InconsistentStateException)
            {
                // Another activation wrote since this one read: a fresh activation reads the stored decisions.
                DeactivateOnIdle();
            }

            LogNotPersisted(e, _id, string.Join("; ", changes.Select(c => $"{c.Type} {c.From} -> {c.To}")));
            throw;
        }
    }

    /// <summary>Logs persisted state and circuit changes and updates the gauges.</summary>
    private void Publish(List<Change> changes)
    {
        foreach (var change in changes)
        {
            if (change.Type == StateEvent)
            {
                LogStateChanged(StateLevel(change.To!), _id, change.From!, change.To!, change.Reason);
            }
            else if (change.Type == CircuitEvent)
            {
                LogCircuitChanged(CircuitLevel(change.To!), _id, change.From!, change.To!, change.Reason);
            }
        }

        metrics.Set(_id, _machine!.State, _breaker!.State);
    }

    private static void Add(List<Change> changes, CircuitChange? change)
    {
        if (change is not null)
        {
            changes.Add(new Change(CircuitEvent, change.From.ToString(), change.To.ToString(), change.Reason));
        }
    }

    private static void Add(List<Change> changes, HealthChange? change)
    {
        if (change is not null)
        {
            changes.Add(new Change(StateEvent, change.From.ToString(), change.To.ToString(), change.Reason));
        }
    }

    /// <summary>One decision to persist as an event.</summary>
    private sealed record Change(string Type, string? From, string? To, string Reason, double? DurationMs = null);
}
