namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Latency percentiles (p50, p99) and the error rate of an engine over a sliding window, in bounded memory: the most
/// recent <see cref="Capacity"/> latency samples and bucketed outcome counts (<see cref="OutcomeWindow"/>). Not thread-safe.
/// </summary>
public sealed class LatencyWindow
{
    /// <summary>Default for the sample capacity.</summary>
    public const int DefaultCapacity = 1024;

    private readonly TimeProvider _time;
    private readonly (DateTimeOffset At, double Ms)[] _samples;
    private readonly OutcomeWindow _outcomes;
    private int _next;
    private int _count;

    /// <summary>A window of <paramref name="window"/> keeping at most <paramref name="capacity"/> latency samples.</summary>
    public LatencyWindow(TimeSpan window, TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _samples = new (DateTimeOffset, double)[capacity];
        _outcomes = new OutcomeWindow(window, time);
        Window = window;
    }

    /// <summary>The length of the window.</summary>
    public TimeSpan Window { get; }

    /// <summary>The most latency samples kept (the oldest is overwritten first).</summary>
    public int Capacity => _samples.Length;

    /// <summary>Failed over all outcomes in the window, 0 without outcomes.</summary>
    public double ErrorRate => _outcomes.FailureRate;

    /// <summary>The median latency in the window (ms), or null without samples.</summary>
    public double? P50 => Percentile(0.50);

    /// <summary>The 99th percentile latency in the window (ms), or null without samples.</summary>
    public double? P99 => Percentile(0.99);

    /// <summary>Records one latency sample (ms) taken now.</summary>
    public void Record(double milliseconds)
    {
        if (!double.IsFinite(milliseconds) || milliseconds < 0)
        {
            return;
        }

        _samples[_next] = (_time.GetUtcNow(), milliseconds);
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
    }

    /// <summary>Counts outcomes for the error rate.</summary>
    public void RecordOutcomes(long successes, long failures) => _outcomes.Add(successes, failures);

    /// <summary>The <paramref name="quantile"/> (0–1) of the samples in the window, nearest-rank; null without samples.</summary>
    public double? Percentile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var since = _time.GetUtcNow() - Window;
        var values = new List<double>(_count);
        for (var i = 0; i < _count; i++)
        {
            if (_samples[i].At > since)
            {
                values.Add(_samples[i].Ms);
            }
        }

        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var rank = (int)Math.Ceiling(quantile * values.Count);
        return values[Math.Clamp(rank - 1, 0, values.Count - 1)];
    }
}
