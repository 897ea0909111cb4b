using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Grains.Tests.Sessions;

/// <summary>How a session grain adds up its connection's reports: totals, ratios, rate over the window, merged latencies.</summary>
public sealed class SessionLoadAccumulatorTests
{
    private static readonly DateTimeOffset Opened = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reports_add_up_to_totals_and_ratios()
    {
        var load = new SessionLoadAccumulator(TimeSpan.FromSeconds(60));
        load.Add(Delta(statements: 6, reads: 4, writes: 2, inTransaction: 3, transactions: 4, rows: 40, bytes: 1000, serverMs: 30), Opened.AddSeconds(1));
        load.Add(Delta(statements: 4, reads: 2, writes: 2, inTransaction: 0, transactions: 1, rows: 10, bytes: 500, serverMs: 20), Opened.AddSeconds(2));

        var snapshot = load.Snapshot(Opened.AddSeconds(2), Opened);

        Assert.Equal(10, snapshot.Statements);
        Assert.Equal(6, snapshot.Reads);
        Assert.Equal(4, snapshot.Writes);
        Assert.Equal(0.6, snapshot.ReadRatio, 6);
        Assert.Equal(3, snapshot.InTransaction);
        Assert.Equal(2.0, snapshot.StatementsPerTransaction, 6);
        Assert.Equal(50, snapshot.Rows);
        Assert.Equal(1500, snapshot.Bytes);
        Assert.Equal(50, snapshot.ServerTimeMs, 6);
        Assert.Equal(5, snapshot.ServerTimePerStatementMs, 6);
    }

    [Fact]
    public void The_rate_counts_only_the_reports_inside_the_window()
    {
        var load = new SessionLoadAccumulator(TimeSpan.FromSeconds(10));
        load.Add(Delta(statements: 100), Opened.AddSeconds(5));
        load.Add(Delta(statements: 30), Opened.AddSeconds(58));

        var snapshot = load.Snapshot(Opened.AddSeconds(60), Opened);

        Assert.Equal(3.0, snapshot.RatePerSecond, 6);
        Assert.Equal(130, snapshot.Statements);
    }

    [Fact]
    public void A_young_session_rates_over_its_age_not_the_whole_window()
    {
        var load = new SessionLoadAccumulator(TimeSpan.FromSeconds(60));
        load.Add(Delta(statements: 20), Opened.AddSeconds(1));

        Assert.Equal(10.0, load.Snapshot(Opened.AddSeconds(2), Opened).RatePerSecond, 6);
    }

    [Fact]
    public void Latency_buckets_of_several_reports_merge_into_one_p50_and_p99()
    {
        var load = new SessionLoadAccumulator(TimeSpan.FromSeconds(60));
        var fast = new long[LatencyHistogram.Buckets];
        fast[LatencyHistogram.BucketOf(TimeSpan.FromMilliseconds(1))] = 95;
        var slow = new long[LatencyHistogram.Buckets];
        slow[LatencyHistogram.BucketOf(TimeSpan.FromMilliseconds(200))] = 5;
        load.Add(Delta(statements: 95) with { LatencyBuckets = LatencyHistogram.Trim(fast) }, Opened.AddSeconds(1));
        load.Add(Delta(statements: 5) with { LatencyBuckets = LatencyHistogram.Trim(slow) }, Opened.AddSeconds(2));

        var snapshot = load.Snapshot(Opened.AddSeconds(2), Opened);

        Assert.InRange(snapshot.P50Ms, 1, 1.19);
        Assert.InRange(snapshot.P99Ms, 200, 200 * 1.19);
    }

    [Fact]
    public void An_empty_session_has_zeros_not_divisions_by_zero()
    {
        var snapshot = new SessionLoadAccumulator(TimeSpan.FromSeconds(60)).Snapshot(Opened, Opened);

        Assert.Equal(0, snapshot.ReadRatio);
        Assert.Equal(0, snapshot.StatementsPerTransaction);
        Assert.Equal(0, snapshot.RatePerSecond);
        Assert.Equal(0, snapshot.ServerTimePerStatementMs);
    }

    private static SessionLoadDelta Delta(long statements, long reads = 0, long writes = 0, long inTransaction = 0, long transactions = 0, long rows = 0, long bytes = 0, double serverMs = 0) =>
        new(statements, reads, writes, 0, inTransaction, transactions, rows, bytes, TimeSpan.FromMilliseconds(serverMs).Ticks, []);
}
