using Orleans.DynamicDb.Benchmarks.Harness;

namespace Orleans.DynamicDb.Benchmarks.Tests.Harness;

public sealed class PgBenchReportTests
{
    // pgbench 15.18's output of a select-only run, as printed on this machine.
    private const string Successful = """
        pgbench (15.18 (Debian 15.18-0+deb12u1))
        transaction type: <builtin: select only>
        scaling factor: 1
        query mode: simple
        number of clients: 2
        number of threads: 2
        maximum number of tries: 1
        duration: 1 s
        number of transactions actually processed: 26945
        number of failed transactions: 0 (0.000%)
        latency average = 0.074 ms
        initial connection time = 11.285 ms
        tps = 27111.846302 (without initial connection time)
        """;

    // pgbench 15.18's output when every client aborts on an error.
    private const string Aborted = """
        pgbench (15.18 (Debian 15.18-0+deb12u1))
        pgbench: error: client 0 script 0 aborted in command 0 query 0: ERROR:  relation "nosuch" does not exist
        LINE 1: insert into nosuch values (1);
                            ^
        pgbench: error: client 1 script 0 aborted in command 0 query 0: ERROR:  relation "nosuch" does not exist
        LINE 1: insert into nosuch values (1);
                            ^
        transaction type: bad.sql
        scaling factor: 1
        query mode: simple
        number of clients: 2
        number of threads: 2
        maximum number of tries: 1
        duration: 1 s
        number of transactions actually processed: 0
        number of failed transactions: 0 (NaN%)
        pgbench: error: Run was aborted; the above results are incomplete.
        """;

    [Fact]
    public void A_finished_run_gives_its_tps_latency_and_transaction_count()
    {
        var report = PgBenchReport.Parse(Successful);

        Assert.Equal(27111.846302, report.Tps);
        Assert.Equal(0.074, report.LatencyAverageMs);
        Assert.Equal(26945, report.Processed);
        Assert.Equal(0, report.Failed);
        Assert.Equal(0, report.AbortedClients);
        Assert.Null(report.FirstError);
        Assert.True(report.Succeeded);
    }

    [Fact]
    public void A_run_whose_clients_aborted_did_not_succeed_and_names_the_first_error()
    {
        var report = PgBenchReport.Parse(Aborted);

        Assert.False(report.Succeeded);
        Assert.Equal(2, report.AbortedClients);
        Assert.Null(report.Tps);
        Assert.Equal(0, report.Processed);
        Assert.Equal("pgbench: error: client 0 script 0 aborted in command 0 query 0: ERROR:  relation \"nosuch\" does not exist", report.FirstError);
    }

    [Fact]
    public void A_run_with_some_aborted_clients_is_not_counted_as_a_result_even_with_a_tps()
    {
        var report = PgBenchReport.Parse(Successful + "\npgbench: error: client 3 script 0 aborted in command 4 query 0: ERROR:  interactive transactions are not supported yet (BEGIN)\n");

        Assert.Equal(27111.846302, report.Tps);
        Assert.Equal(1, report.AbortedClients);
        Assert.False(report.Succeeded);
    }

    [Fact]
    public void Failed_transactions_are_counted()
    {
        var report = PgBenchReport.Parse(Successful.Replace("number of failed transactions: 0 (0.000%)", "number of failed transactions: 12 (0.045%)", StringComparison.Ordinal));

        Assert.Equal(12, report.Failed);
    }
}
