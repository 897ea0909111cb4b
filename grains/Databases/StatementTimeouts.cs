namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The grain's client-side statement timeouts without a new source and timer per statement: a statement rents a
/// <see cref="CancellationTokenSource"/>, arms it with <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> and,
/// when it did not fire, gives it back reset (<see cref="CancellationTokenSource.TryReset"/> keeps its timer for the next
/// statement). The caller's tokens cancel the rented source through one registration each, and only when they can be
/// cancelled at all. Not thread-safe: it lives on the grain's scheduler, where continuations never run in parallel.
/// </summary>
internal sealed class StatementTimeouts
{
    /// <summary>The most reset sources kept: as many as statements of one database usually run at once.</summary>
    internal const int MaxKept = 64;

    private readonly Stack<CancellationTokenSource> _kept = new();

    /// <summary>Sources kept for the next statements.</summary>
    internal int Kept => _kept.Count;

    /// <summary>
    /// A token cancelled after <paramref name="limit"/>, or when <paramref name="caller"/> or <paramref name="also"/> is;
    /// dispose the result when the statement ends.
    /// </summary>
    public Lease Start(TimeSpan limit, CancellationToken caller, CancellationToken also = default)
    {
        var source = _kept.Count > 0 ? _kept.Pop() : new CancellationTokenSource();
        source.CancelAfter(limit);
        var first = caller.CanBeCanceled ? caller.UnsafeRegister(static s => Cancel(s), source) : default;
        var second = also.CanBeCanceled ? also.UnsafeRegister(static s => Cancel(s), source) : default;
        return new Lease(this, source, first, second);
    }

    private static void Cancel(object? source)
    {
        try
        {
            ((CancellationTokenSource)source!).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The statement ended meanwhile and its source was let go.
        }
    }

    private void Return(CancellationTokenSource source, CancellationTokenRegistration first, CancellationTokenRegistration second)
    {
        // Unregistering waits for a callback already running, so nothing cancels the source once it is reset.
        first.Dispose();
        second.Dispose();
        if (_kept.Count < MaxKept && source.TryReset())
        {
            _kept.Push(source);
        }
        else
        {
            source.Dispose();
        }
    }

    /// <summary>One statement's timeout.</summary>
    public readonly struct Lease(StatementTimeouts owner, CancellationTokenSource source, CancellationTokenRegistration first, CancellationTokenRegistration second) : IDisposable
    {
        /// <summary>Cancelled when the limit passes or a caller's token is cancelled.</summary>
        public CancellationToken Token => source.Token;

        public void Dispose() => owner?.Return(source, first, second);
    }
}
