using Orleans.DynamicDb.Benchmarks.Harness;

namespace Orleans.DynamicDb.Benchmarks.Tests.Harness;

public sealed class PgBenchLogTests
{
    [Fact]
    public void The_third_field_of_each_transaction_line_is_its_latency_in_microseconds()
    {
        // Lines as pgbench 15 --log wrote them on this machine, and two a failed or skipped transaction writes.
        string[] lines =
        [
            "0 1 762 0 1796479026 935611",
            "0 2 1433 0 1796479026 937056",
            "1 1 failed 0 1796479026 938151",
            "1 2 skipped 0 1796479026 938254",
            "not a transaction line",
            "1 3 47 0 1796479026 938303",
        ];

        Assert.Equal([762L, 1433L, 47L], PgBenchLog.Latencies(lines));
    }

    [Fact]
    public void Percentiles_are_nearest_rank_in_milliseconds()
    {
        var microseconds = Enumerable.Range(1, 100).Select(i => (long)i * 1000).Reverse().ToList();

        Assert.Equal(50.0, PgBenchLog.PercentileMs(microseconds, 50));
        Assert.Equal(99.0, PgBenchLog.PercentileMs(microseconds, 99));
        Assert.Equal(100.0, PgBenchLog.PercentileMs(microseconds, 100));
        Assert.Equal(1.0, PgBenchLog.PercentileMs([1000], 99));
    }

    [Fact]
    public void No_transactions_give_no_percentile()
    {
        Assert.Null(PgBenchLog.PercentileMs([], 50));
    }

    [Fact]
    public void Every_thread_log_of_a_run_is_read_and_no_other_run()
    {
        var directory = Directory.CreateTempSubdirectory("dyndb-bench-log-tests-");
        try
        {
            var prefix = Path.Combine(directory.FullName, "log-1-select-16");
            File.WriteAllLines(prefix + ".4242", ["0 1 100 0 1796479026 935611"]);
            File.WriteAllLines(prefix + ".4242.1", ["1 1 300 0 1796479026 935611", "1 2 200 0 1796479026 935612"]);
            File.WriteAllLines(Path.Combine(directory.FullName, "log-1-select-1.4243"), ["0 1 999999 0 1796479026 935611"]);

            Assert.Equal([100L, 200L, 300L], PgBenchLog.Read(prefix).Order());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
