namespace Orleans.DynamicDb.Sessions;

/// <summary>
/// Adds up a session's reports into its <see cref="SessionLoad"/>: totals, the merged latency histogram, and the
/// statements of the reports inside the rate window.
/// </summary>
internal sealed class SessionLoadAccumulator(TimeSpan rateWindow)
{
    // Allocated with the first latencies: an idle session carries no histogram.
    private long[]? _latency;
    private readonly Queue<(DateTimeOffset At, long Statements)> _recent = new();
    private long _recentStatements;
    private long _statements;
    private long _reads;
    private long _writes;
    private long _errors;
    private long _inTransaction;
    private long _transactions;
    private long _rows;
    private long _bytes;
    private long _serverTicks;

    /// <summary>Adds what a report, made at <paramref name="at"/>, says ran since the previous one.</summary>
    public void Add(SessionLoadDelta delta, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _statements += delta.Statements;
        _reads += delta.Reads;
        _writes += delta.Writes;
        _errors += delta.Errors;
        _inTransaction += delta.InTransaction;
        _transactions += delta.Transactions;
        _rows += delta.Rows;
        _bytes += delta.Bytes;
        _serverTicks += delta.ServerTicks;
        if (delta.LatencyBuckets.Count > 0)
        {
            _latency ??= new long[LatencyHistogram.Buckets];
            for (var i = 0; i < delta.LatencyBuckets.Count && i < _latency.Length; i++)
            {
                _latency[i] += delta.LatencyBuckets[i];
            }
        }

        if (delta.Statements > 0)
        {
            _recent.Enqueue((at, delta.Statements));
            _recentStatements += delta.Statements;
        }
    }

    /// <summary>The load at <paramref name="now"/> of a session opened at <paramref name="openedAt"/>.</summary>
    public SessionLoad Snapshot(DateTimeOffset now, DateTimeOffset openedAt)
    {
        while (_recent.TryPeek(out var oldest) && oldest.At < now - rateWindow)
        {
            _recent.Dequeue();
            _recentStatements -= oldest.Statements;
        }

        var span = Math.Min(rateWindow.TotalSeconds, (now - openedAt).TotalSeconds);
        var rate = span > 0 ? _recentStatements / span : 0;
        var serverMs = _serverTicks / (double)TimeSpan.TicksPerMillisecond;
        return new SessionLoad(
            _statements,
            _reads,
            _writes,
            _errors,
            _reads + _writes > 0 ? _reads / (double)(_reads + _writes) : 0,
            _inTransaction,
            _transactions,
            _transactions > 0 ? _statements / (double)_transactions : 0,
            rate,
            _latency is null ? 0 : LatencyHistogram.QuantileMs(_latency, 0.5),
            _latency is null ? 0 : LatencyHistogram.QuantileMs(_latency, 0.99),
            _rows,
            _bytes,
            serverMs,
            _statements > 0 ? serverMs / _statements : 0);
    }
}
