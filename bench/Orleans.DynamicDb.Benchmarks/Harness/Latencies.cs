using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Mean and percentiles of a set of per-operation latencies (Stopwatch ticks), in milliseconds.</summary>
internal sealed class Latencies
{
    private readonly long[] _sorted;

    public Latencies(IEnumerable<long> ticks)
    {
        _sorted = [.. ticks];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double MeanMs => _sorted.Length == 0 ? 0 : TicksToMilliseconds(_sorted.Average(t => (double)t));

    public double Ms(double percent) => TicksToMilliseconds(Stats.Percentile(_sorted, percent));

    /// <summary>"p50 1.23 ms, p99 4.56 ms, mean 1.50 ms" with the given number of decimals.</summary>
    public string Describe(int decimals = 2, bool bold = false)
    {
        var b = bold ? "**" : string.Empty;
        return $"p50 {b}{Fixed(Ms(50), decimals)} ms{b}, p99 {b}{Fixed(Ms(99), decimals)} ms{b}, mean {Fixed(MeanMs, decimals)} ms";
    }

    /// <summary>"min 0.9, p90 2.1, max 7.0 ms" for the notes.</summary>
    public string Tails(int decimals = 2) =>
        $"min {Fixed(Ms(0), decimals)}, p90 {Fixed(Ms(90), decimals)}, max {Fixed(Ms(100), decimals)} ms";
}
