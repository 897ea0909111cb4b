namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Successes and failures over a sliding time window, kept in a fixed number of time buckets so memory stays bounded
/// whatever the rate. Not thread-safe (its owner, a grain or a lock, serializes calls).
/// </summary>
public sealed class OutcomeWindow
{
    private const int BucketCount = 60;

    private readonly TimeSpan _bucketLength;
    private readonly TimeProvider _time;
    private readonly Queue<Bucket> _buckets = new();

    /// <summary>A window of <paramref name="window"/> on the clock <paramref name="time"/>.</summary>
    public OutcomeWindow(TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Window = window;
        _time = time;
        _bucketLength = TimeSpan.FromTicks(Math.Max(1, window.Ticks / BucketCount));
    }

    /// <summary>The length of the window.</summary>
    public TimeSpan Window { get; }

    /// <summary>Successes in the window.</summary>
    public long Successes => Totals().Successes;

    /// <summary>Failures in the window.</summary>
    public long Failures => Totals().Failures;

    /// <summary>Failures over all outcomes in the window, 0 without outcomes.</summary>
    public double FailureRate
    {
        get
        {
            var (successes, failures) = Totals();
            var total = successes + failures;
            return total == 0 ? 0 : (double)failures / total;
        }
    }

    /// <summary>Counts <paramref name="successes"/> and <paramref name="failures"/> now.</summary>
    public void Add(long successes, long failures)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfNegative(failures);
        if (successes == 0 && failures == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        Prune(now);
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % _bucketLength.Ticks), TimeSpan.Zero);
        if (_buckets.Count > 0 && _buckets.Last() is { } last && last.Start == start)
        {
            last.Successes += successes;
            last.Failures += failures;
            return;
        }

        _buckets.Enqueue(new Bucket(start) { Successes = successes, Failures = failures });
    }

    /// <summary>Forgets every outcome.</summary>
    public void Clear() => _buckets.Clear();

    /// <summary>The successes and failures in the window now.</summary>
    public (long Successes, long Failures) Totals()
    {
        Prune(_time.GetUtcNow());
        long successes = 0, failures = 0;
        foreach (var bucket in _buckets)
        {
            successes += bucket.Successes;
            failures += bucket.Failures;
        }

        return (successes, failures);
    }

    /// <summary>Drops buckets that ended before the window's start.</summary>
    private void Prune(DateTimeOffset now)
    {
        while (_buckets.Count > 0 && _buckets.Peek().Start + _bucketLength <= now - Window)
        {
            _buckets.Dequeue();
        }
    }

    private sealed class Bucket(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public long Successes { get; set; }

        public long Failures { get; set; }
    }
}
