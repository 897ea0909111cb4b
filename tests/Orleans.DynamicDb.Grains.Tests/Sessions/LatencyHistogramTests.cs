using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Grains.Tests.Sessions;

/// <summary>The latency buckets sessions aggregate in: quantiles read back within one bucket (at most 19% high).</summary>
public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0.001)]
    [InlineData(0.37)]
    [InlineData(1.0)]
    [InlineData(12.5)]
    [InlineData(950)]
    public void A_single_latency_reads_back_at_most_19_percent_high(double milliseconds)
    {
        var buckets = new long[LatencyHistogram.Buckets];
        buckets[LatencyHistogram.BucketOf(TimeSpan.FromMilliseconds(milliseconds))]++;

        var p50 = LatencyHistogram.QuantileMs(buckets, 0.5);

        Assert.InRange(p50, milliseconds, Math.Max(milliseconds * 1.19, 0.001));
    }

    [Fact]
    public void The_p50_and_p99_of_a_hundred_latencies_are_the_50th_and_99th_smallest()
    {
        var buckets = new long[LatencyHistogram.Buckets];
        for (var i = 1; i <= 100; i++)
        {
            buckets[LatencyHistogram.BucketOf(TimeSpan.FromMilliseconds(i))]++;
        }

        Assert.InRange(LatencyHistogram.QuantileMs(buckets, 0.5), 50, 50 * 1.19);
        Assert.InRange(LatencyHistogram.QuantileMs(buckets, 0.99), 99, 99 * 1.19);
    }

    [Fact]
    public void One_slow_statement_in_a_hundred_moves_the_p99_but_not_the_p50()
    {
        var buckets = new long[LatencyHistogram.Buckets];
        buckets[LatencyHistogram.BucketOf(TimeSpan.FromMilliseconds(2))] += 98;
        buckets[LatencyHistogram.BucketOf(TimeSpan.FromMilliseconds(500))] += 2;

        Assert.InRange(LatencyHistogram.QuantileMs(buckets, 0.5), 2, 2 * 1.19);
        Assert.InRange(LatencyHistogram.QuantileMs(buckets, 0.99), 500, 500 * 1.19);
    }

    [Fact]
    public void No_latencies_read_back_as_zero_and_trailing_empty_buckets_are_trimmed()
    {
        var buckets = new long[LatencyHistogram.Buckets];
        Assert.Equal(0, LatencyHistogram.QuantileMs(buckets, 0.99));

        buckets[3] = 1;
        Assert.Equal(4, LatencyHistogram.Trim(buckets).Length);
    }
}
