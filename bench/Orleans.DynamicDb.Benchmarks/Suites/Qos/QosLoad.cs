using System.Diagnostics;
using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Suites.Qos;

/// <summary>
/// The statements of the <c>qos</c> part and the loops that send them: High clients at a steady rate
/// (pgbench-shaped point reads and updates of <c>accounts</c>), Low clients in closed loops of a reporting aggregate
/// over <c>facts</c>, Background clients in closed loops of batch updates of 5,000 <c>jobs</c> rows.
/// </summary>
internal static class QosLoad
{
    public const int Accounts = 100_000;
    public const int Facts = 300_000;
    public const int Jobs = 200_000;
    public const int BatchRows = 5_000;
    public const string ReportSql = "SELECT k % 50 AS bucket, count(*), sum(v), avg(v), max(length(filler)) FROM facts GROUP BY 1 ORDER BY 1";

    public static readonly string[] OltpSchema =
    [
        "CREATE TABLE accounts (aid INTEGER PRIMARY KEY, bid INTEGER NOT NULL, abalance INTEGER NOT NULL, filler CHAR(84))",
        $"INSERT INTO accounts SELECT i, 1 + i / 100000, 0, '' FROM generate_series(1, {Accounts}) AS i",
        "ANALYZE accounts",
    ];

    public static readonly string[] ReportSchema =
    [
        "CREATE TABLE facts (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, v DOUBLE PRECISION NOT NULL, filler TEXT NOT NULL)",
        $"INSERT INTO facts SELECT i, i % 997, i / 7.0, md5(i::text) FROM generate_series(1, {Facts}) AS i",
        "ANALYZE facts",
    ];

    public static readonly string[] BatchSchema =
    [
        "CREATE TABLE jobs (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
        $"INSERT INTO jobs SELECT i, 0 FROM generate_series(1, {Jobs}) AS i",
        "ANALYZE jobs",
    ];

    /// <summary>One High client: every 1/<paramref name="rate"/> s a point read or (every other one) a point update, until <paramref name="stop"/>.</summary>
    public static async Task HighAsync(QosClient client, int rate, int seed, QosTally tally, CancellationToken stop)
    {
        var random = new Random(seed);
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var started = Stopwatch.GetTimestamp();
        for (var n = 0L; !stop.IsCancellationRequested; n++)
        {
            var aid = random.Next(1, Accounts + 1).ToString(CultureInfo.InvariantCulture);
            var (outcome, ticks) = n % 2 == 0
                ? await client.RunAsync("/v1/database/query", $"SELECT abalance FROM accounts WHERE aid = {aid}")
                : await client.RunAsync("/v1/database/exec", $"UPDATE accounts SET abalance = abalance + 1 WHERE aid = {aid}");
            tally.Add(outcome, ticks);
            // Pacing, not synchronisation: the next statement is due at a fixed rate from the start (open loop).
            var due = TimeSpan.FromTicks(interval.Ticks * (n + 1)) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>One Low client: the reporting aggregate again and again until <paramref name="stop"/>.</summary>
    public static async Task ReportAsync(QosClient client, QosTally tally, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var (outcome, ticks) = await client.RunAsync("/v1/database/query", ReportSql);
            tally.Add(outcome, ticks);
            await BackOffAsync(outcome, stop);
        }
    }

    /// <summary>One Background client: batch updates of <see cref="BatchRows"/> rows, walking the table, until <paramref name="stop"/>.</summary>
    public static async Task BatchAsync(QosClient client, int seed, QosTally tally, CancellationToken stop)
    {
        var first = 1 + (seed * BatchRows % Jobs);
        while (!stop.IsCancellationRequested)
        {
            var last = first + BatchRows - 1;
            var (outcome, ticks) = await client.RunAsync("/v1/database/exec",
                string.Create(CultureInfo.InvariantCulture, $"UPDATE jobs SET n = n + 1 WHERE id BETWEEN {first} AND {last}"));
            tally.Add(outcome, ticks);
            first = last + 1 > Jobs ? 1 : last + 1;
            await BackOffAsync(outcome, stop);
        }
    }

    /// <summary>After a refusal a load client waits a little before it asks again, as a client honouring Retry-After would (pacing).</summary>
    private static async Task BackOffAsync(QosOutcome outcome, CancellationToken stop)
    {
        if (outcome == QosOutcome.Ok)
        {
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }
}
