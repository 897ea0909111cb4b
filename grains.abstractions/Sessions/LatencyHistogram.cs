namespace Orleans.DynamicDb.Sessions;

/// <summary>
/// Statement latencies as counts in logarithmic buckets: four per doubling, from 1 µs to about an hour. Bucket
/// <c>i</c> holds latencies in (2^((i−1)/4), 2^(i/4)] µs, so a quantile read back is at most 19% above the true value.
/// Histograms add, so connections aggregate locally and the session grain merges their reports.
/// </summary>
public static class LatencyHistogram
{
    /// <summary>The number of buckets.</summary>
    public const int Buckets = 128;

    /// <summary>The bucket of a latency.</summary>
    public static int BucketOf(TimeSpan latency)
    {
        var microseconds = latency.Ticks / 10.0;
        if (microseconds <= 1)
        {
            return 0;
        }

        return (int)Math.Min(Buckets - 1, Math.Ceiling(4 * Math.Log2(microseconds) - 1e-9));
    }

    /// <summary>The upper bound of bucket <paramref name="bucket"/>, in milliseconds.</summary>
    public static double UpperBoundMs(int bucket) => Math.Pow(2, bucket / 4.0) / 1000.0;

    /// <summary>
    /// The latency at quantile <paramref name="q"/> (0 &lt; q ≤ 1, e.g. 0.99) of the latencies counted in
    /// <paramref name="buckets"/>, in milliseconds: the upper bound of the bucket holding the ⌈q·n⌉-th smallest; 0 when empty.
    /// </summary>
    public static double QuantileMs(IReadOnlyList<long> buckets, double q)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(q);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        long total = 0;
        foreach (var count in buckets)
        {
            total += count;
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return UpperBoundMs(i);
            }
        }

        return UpperBoundMs(buckets.Count - 1);
    }

    /// <summary><paramref name="counts"/> without its trailing empty buckets (what a report carries).</summary>
    public static long[] Trim(long[] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var end = counts.Length;
        while (end > 0 && counts[end - 1] == 0)
        {
            end--;
        }

        return counts[..end];
    }
}
