namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The database grain's in-flight gate. Statements of different sessions run concurrently (interleaved grain calls), so
/// exclusion is the gate's job, not the turn's: every statement holds a lease while it runs; an exclusive operation
/// (switch cut-over, change-capture stop, drop, deactivation) closes the gate, so new statements wait, waits for the
/// leases to drain, does its work and opens the gate again. One exclusive operation at a time: a second waits for the
/// first to open the gate. Not thread-safe: it lives on the grain's scheduler, where continuations never run in parallel.
/// </summary>
internal sealed class StatementGate
{
    private TaskCompletionSource? _reopened;
    private TaskCompletionSource? _drained;

    /// <summary>Statements holding a lease now.</summary>
    public int InFlight { get; private set; }

    /// <summary>True while an exclusive operation holds the gate closed.</summary>
    public bool IsClosed => _reopened is not null;

    /// <summary>Takes a lease, first waiting while the gate is closed. Dispose the lease when the statement ends.</summary>
    public async ValueTask<Lease> EnterAsync(CancellationToken cancellationToken)
    {
        while (_reopened is { } reopened)
        {
            await reopened.Task.WaitAsync(cancellationToken);
        }

        InFlight++;
        return new Lease(this);
    }

    /// <summary>A lease taken past a closed gate: for what ends a transaction (a commit), which a closed gate waits for.</summary>
    public Lease Pass()
    {
        InFlight++;
        return new Lease(this);
    }

    /// <summary>
    /// Closes the gate (after any other exclusive operation opened it again) and waits up to <paramref name="bound"/> for
    /// the leases to drain. True when none is left; false when the bound passed first (the gate stays closed either way:
    /// call <see cref="Open"/> when done).
    /// </summary>
    public async Task<bool> CloseAsync(TimeSpan bound, TimeProvider time)
    {
        while (_reopened is { } reopened)
        {
            await reopened.Task;
        }

        _reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return await DrainedAsync(bound, time);
    }

    /// <summary>Waits up to <paramref name="bound"/> for the leases to drain (the gate closed or not); true when none is left.</summary>
    public async Task<bool> DrainedAsync(TimeSpan bound, TimeProvider time)
    {
        if (InFlight == 0)
        {
            return true;
        }

        _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drained = _drained.Task;
        using var timeout = new CancellationTokenSource(bound, time);
        await Task.WhenAny(drained, Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token));
        return InFlight == 0;
    }

    /// <summary>Opens the gate: statements waiting at it go on.</summary>
    public void Open()
    {
        var reopened = _reopened;
        _reopened = null;
        reopened?.TrySetResult();
    }

    private void Exit()
    {
        InFlight--;
        if (InFlight == 0 && _drained is { } drained)
        {
            _drained = null;
            drained.TrySetResult();
        }
    }

    /// <summary>A statement's hold on the gate.</summary>
    public readonly struct Lease(StatementGate gate) : IDisposable
    {
        public void Dispose() => gate.Exit();
    }
}
