using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites.Qos;

/// <summary>
/// Issue 13 item 7, part <c>qos</c>: High-tier sessions (app <c>oltp</c>) run a steady pgbench-shaped OLTP load through
/// the HTTP gateway while Low (app <c>report</c>, reporting aggregates) and Background (app <c>batch</c>, batch updates)
/// sessions push <see cref="QosSettings.LoadFactor"/> × the engine's slots in closed loops. One real PostgreSQL 15 behind
/// engine <c>pg</c> of a silo process; a database per app. Runs: (1) High alone, (2) High + load with admission on,
/// (3) High + load with <c>DynamicDb:Tiers:Admission:Enabled=false</c> on a second silo process. Reports High p50/p99
/// and their ratio to run 1, High rejections and errors, and Low and Background statements/s and rejections.
/// </summary>
/// <remarks>
/// Knobs (environment): <c>DYNDB_BENCH_QOS_SECONDS</c> (20; <c>--quick</c>: 5), <c>_HIGH_CLIENTS</c> (4), <c>_HIGH_RATE</c>
/// (25 statements/s per client), <c>_LOAD_FACTOR</c> (5), <c>_SLOTS</c> (4), <c>_RESERVED_HIGH</c> (2),
/// <c>_BACKGROUND_MAX_SLOTS</c> (1), <c>_QUEUE_TIMEOUT_S</c> (10), <c>_ADAPTIVE</c> (1; 0: fixed limits),
/// <c>_TOLERANCE_PCT</c> (25: <c>AdaptiveTolerance</c> 0.25), <c>_MIN_LOW_SLOTS</c> (1), <c>_ADAPT_INTERVAL_MS</c> (1000).
/// </remarks>
internal static class QosBench
{
    public const string Part = "qos";
    private const string Group = "13. QoS: tiers on vs off";
    private const int CapacitySamples = 5;

    public static async Task RunAsync(BenchSettings bench, ResultTable table)
    {
        var settings = QosSettings.FromEnvironment(bench.Quick);
        var (lowClients, backgroundClients) = settings.LoadClients();
        Console.WriteLine($"  {settings.Describe()}; {lowClients} Low and {backgroundClients} Background clients");
        using var directory = BenchDirectory.Create(Part);
        await using var server = await PostgresServer.StartAsync();

        QosRun alone, tiersOn, tiersOff;
        double reportMs, batchMs;
        await using (var silo = await QosSilo.StartAsync(Path.Combine(directory.Path, "on"), server.ConnectionString, settings, admission: true))
        {
            var databases = await PrepareAsync(silo.Address, "on");
            (reportMs, batchMs) = await CapacityAsync(silo.Address, databases);
            Console.WriteLine($"  capacity: report {Fixed(reportMs, 1)} ms, batch {Fixed(batchMs, 1)} ms alone → {Fixed(settings.Slots * 1000 / reportMs, 1)} reports/s or {Fixed(settings.Slots * 1000 / batchMs, 1)} batches/s on {settings.Slots} slots");
            await WarmUpAsync(silo.Address, databases, settings);
            alone = await RunOnceAsync("(1) High alone", silo.Address, databases, settings, withLoad: false, silo);
            tiersOn = await RunOnceAsync("(2) High + load, tiers on", silo.Address, databases, settings, withLoad: true, silo);
        }

        await using (var silo = await QosSilo.StartAsync(Path.Combine(directory.Path, "off"), server.ConnectionString, settings, admission: false))
        {
            var databases = await PrepareAsync(silo.Address, "off");
            await WarmUpAsync(silo.Address, databases, settings);
            tiersOff = await RunOnceAsync("(3) High + load, admission off", silo.Address, databases, settings, withLoad: true);
        }

        foreach (var run in new[] { alone, tiersOn, tiersOff })
        {
            run.AddRows(table, Group, alone);
        }

        table.AddSection(QosRun.Summary(settings, lowClients, backgroundClients, reportMs, batchMs, alone, tiersOn, tiersOff));
    }

    private static async Task<string[]> PrepareAsync(Uri address, string suffix)
    {
        string[] databases = [$"accounts_{suffix}", $"facts_{suffix}", $"jobs_{suffix}"];
        string[][] schemas = [QosLoad.OltpSchema, QosLoad.ReportSchema, QosLoad.BatchSchema];
        for (var i = 0; i < databases.Length; i++)
        {
            await QosSilo.PrepareAsync(address, QosSilo.Apps[i].Key, databases[i], schemas[i]);
        }

        return databases;
    }

    /// <summary>The median time of the reporting aggregate and of one batch update, each alone on the quiet engine.</summary>
    private static async Task<(double ReportMs, double BatchMs)> CapacityAsync(Uri address, string[] databases)
    {
        using var report = new QosClient(address, QosSilo.Apps[1].Key, databases[1], "qos-capacity-report");
        using var batch = new QosClient(address, QosSilo.Apps[2].Key, databases[2], "qos-capacity-batch");
        var reportTally = new QosTally();
        var batchTally = new QosTally();
        for (var i = 0; i < CapacitySamples; i++)
        {
            var (r, rt) = await report.RunAsync("/v1/database/query", QosLoad.ReportSql);
            reportTally.Add(r, rt);
            var (b, bt) = await batch.RunAsync("/v1/database/exec", $"UPDATE jobs SET n = n + 1 WHERE id BETWEEN 1 AND {QosLoad.BatchRows}");
            batchTally.Add(b, bt);
        }

        if (reportTally.Ok != CapacitySamples || batchTally.Ok != CapacitySamples)
        {
            throw new InvalidOperationException($"Measuring capacity: {reportTally.Ok} of {CapacitySamples} reports and {batchTally.Ok} batches answered.");
        }

        return (new Latencies(reportTally.Ticks).Ms(50), new Latencies(batchTally.Ticks).Ms(50));
    }

    private static async Task WarmUpAsync(Uri address, string[] databases, QosSettings settings)
    {
        var warm = settings with { Seconds = 2 };
        await RunOnceAsync("warm-up", address, databases, warm, withLoad: false);
    }

    private static async Task<QosRun> RunOnceAsync(string name, Uri address, string[] databases, QosSettings settings, bool withLoad, HaSiloProcess? silo = null)
    {
        var (lowCount, backgroundCount) = withLoad ? settings.LoadClients() : (0, 0);
        var high = Enumerable.Range(0, settings.HighClients).Select(i => new QosClient(address, QosSilo.Apps[0].Key, databases[0], $"qos-high-{i}")).ToArray();
        var low = Enumerable.Range(0, lowCount).Select(i => new QosClient(address, QosSilo.Apps[1].Key, databases[1], $"qos-low-{i}")).ToArray();
        var background = Enumerable.Range(0, backgroundCount).Select(i => new QosClient(address, QosSilo.Apps[2].Key, databases[2], $"qos-bg-{i}")).ToArray();
        var run = new QosRun(name);
        try
        {
            using var stopLoad = new CancellationTokenSource();
            var (probe, sampling) = silo is null ? (null, Task.CompletedTask) : await QosProbe.StartAsync(silo, stopLoad.Token);
            var load = low.Select(c => QosLoad.ReportAsync(c, run.Low, stopLoad.Token))
                .Concat(background.Select((c, i) => QosLoad.BatchAsync(c, i, run.Background, stopLoad.Token))).ToArray();
            var started = Stopwatch.GetTimestamp();
            using (var stopHigh = new CancellationTokenSource(TimeSpan.FromSeconds(settings.Seconds)))
            {
                await Task.WhenAll(high.Select((c, i) => QosLoad.HighAsync(c, settings.HighRate, 2026_12_05 + i, run.High, stopHigh.Token)));
            }

            run.Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (probe is not null)
            {
                await probe.StopAsync();
                run.Probe = probe.Describe();
            }

            await stopLoad.CancelAsync();
            await Task.WhenAll(load);
            await sampling;
        }
        finally
        {
            foreach (var client in high.Concat(low).Concat(background))
            {
                client.Dispose();
            }
        }

        if (name != "warm-up")
        {
            Console.WriteLine($"  {run.Describe()}");
            if (run.Probe is not null)
            {
                Console.WriteLine($"    {run.Probe}");
            }
        }

        return run;
    }
}
