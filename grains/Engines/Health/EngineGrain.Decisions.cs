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
    private async Task DecideAsync(ProbeRound? round, int succeeded, int failed, string? lastFailure)
    {
        await _gate.WaitAsync();
        try
        {
            var health = _engine!.Health;
            var now = time.GetUtcNow();
            var changes = new List<(string Type, string From, string To, string Reason)>();
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
            }

            var (successes, failures) = _breaker.Outcomes();
            var signals = new HealthSignals(round, _latency!.P99, _breaker.FailureRate, successes + failures, _breaker.State);
            Add(changes, _machine.Evaluate(signals, health, now));
            if (changes.Count == 0)
            {
                return;
            }

            await PersistAsync(changes, now);
            foreach (var change in changes)
            {
                if (change.Type == StateEvent)
                {
                    LogStateChanged(StateLevel(change.To), _id, change.From, change.To, change.Reason);
                }
                else
                {
                    LogCircuitChanged(CircuitLevel(change.To), _id, change.From, change.To, change.Reason);
                }
            }

            metrics.Set(_id, _machine.State, _breaker.State);
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
    private async Task PersistAsync(List<(string Type, string From, string To, string Reason)> changes, DateTimeOffset now)
    {
        var previous = state.State;
        var events = new List<EngineEvent>(previous.Events);
        var sequence = previous.LastSequence;
        foreach (var change in changes)
        {
            events.Add(new EngineEvent(++sequence, now, _id, change.Type, change.From, change.To, change.Reason, DurationMs: null));
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
        };
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

    private static void Add(List<(string, string, string, string)> changes, CircuitChange? change)
    {
        if (change is not null)
        {
            changes.Add((CircuitEvent, change.From.ToString(), change.To.ToString(), change.Reason));
        }
    }

    private static void Add(List<(string, string, string, string)> changes, HealthChange? change)
    {
        if (change is not null)
        {
            changes.Add((StateEvent, change.From.ToString(), change.To.ToString(), change.Reason));
        }
    }
}
