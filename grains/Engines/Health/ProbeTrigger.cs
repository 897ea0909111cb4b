namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Decides when a statement failure that proves the server unreachable (<see cref="ConnectionFailure"/>) may start an
/// out-of-band probe round: only while the circuit is Closed (an Open circuit has already decided, a HalfOpen one is
/// decided by its next outcome), never while triggered rounds run, and no sooner than <paramref name="spacing"/> after the
/// last triggered rounds ended — so a storm of failing statements starts at most one extra round at a time, and at most one
/// per <paramref name="spacing"/>. Not thread-safe (the engine grain's turn serializes it).
/// </summary>
/// <param name="spacing">The least time between the end of a triggered round and the start of the next one.</param>
/// <param name="time">The clock.</param>
public sealed class ProbeTrigger(TimeSpan spacing, TimeProvider time)
{
    private DateTimeOffset? _lastEnded;
    private bool _running;

    /// <summary>Triggered rounds started so far.</summary>
    public long Started { get; private set; }

    /// <summary>True (and counted as started) when triggered rounds may start now; the caller then runs them and calls <see cref="Ended"/>.</summary>
    public bool TryStart(CircuitState circuit)
    {
        if (_running || circuit != CircuitState.Closed)
        {
            return false;
        }

        if (_lastEnded is { } ended && time.GetUtcNow() - ended < spacing)
        {
            return false;
        }

        _running = true;
        Started++;
        return true;
    }

    /// <summary>The triggered rounds ended (whatever their outcome).</summary>
    public void Ended()
    {
        _running = false;
        _lastEnded = time.GetUtcNow();
    }
}
