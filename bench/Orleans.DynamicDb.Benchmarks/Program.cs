using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Benchmarks.Suites;
using Orleans.DynamicDb.Benchmarks.Suites.Qos;

// Usage: dotnet run -c Release --project bench/Orleans.DynamicDb.Benchmarks -- all|latency|throughput|alloc|storage|databases|density|gateway|cluster|results-before|results-after|statements|neighbour|cluster-cost|ha-failover|engine-switch|pgwire|tiers|admission|qos|relay... [--quick] [--telemetry] [--markdown FILE] [--no-results]
// Part "pgwire" appends its numbers to bench/RESULTS.md as a new dated section unless --no-results is given.
// "all" is issue 2's four parts; issue 3's parts (databases, density, gateway) are named one by one.
if (args is [ByteRelay.ServeArgument, var listen, var target])
{
    // Started by the part "relay": this process is only a byte relay until it is killed.
    await ByteRelay.ServeAsync(int.Parse(listen, System.Globalization.CultureInfo.InvariantCulture), int.Parse(target, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

var suites = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
string? markdownPath = null;
var quick = false;
var telemetry = false;
var appendResults = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--telemetry":
            telemetry = true;
            break;
        case "--no-results":
            appendResults = false;
            break;
        case "--markdown" when i + 1 < args.Length:
            markdownPath = args[++i];
            break;
        case "all":
            suites.UnionWith(["latency", "throughput", "alloc", "storage"]);
            break;
        case "latency" or "throughput" or "alloc" or "storage" or "databases" or "density" or "gateway" or "cluster" or "results-before" or "results-after" or "statements" or "neighbour" or ClusterCallCost.Part or HaFailover.Part or EngineSwitch.Part or PgWireBench.Part or TierScoring.Part or TierAdmissionBench.Part or QosBench.Part or RelayFloor.Part:
            suites.Add(args[i]);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: -- all|latency|throughput|alloc|storage|databases|density|gateway|cluster|results-before|results-after|statements|neighbour|cluster-cost|ha-failover|engine-switch|pgwire|tiers|admission|qos|relay... [--quick] [--telemetry] [--markdown FILE] [--no-results]");
            return 2;
    }
}

if (suites.Count == 0)
{
    Console.Error.WriteLine("Name what to run: all, or any of latency, throughput, alloc, storage, databases, density, gateway, cluster, results-before, results-after, statements, neighbour, cluster-cost, ha-failover, engine-switch, pgwire, tiers, admission, qos, relay.");
    return 2;
}

var settings = new BenchSettings { Quick = quick };

// A diagnostic knob, not used for the recorded numbers: raise the thread pool's minimum (e.g. to see whether blocking
// work starves it). DYNDB_BENCH_MIN_THREADS=32 dotnet run ... -- density
if (int.TryParse(Environment.GetEnvironmentVariable("DYNDB_BENCH_MIN_THREADS"), out var minThreads) && minThreads > 0)
{
    ThreadPool.GetMinThreads(out _, out var minIo);
    ThreadPool.SetMinThreads(minThreads, minIo);
    Console.WriteLine($"Thread pool minimum raised to {minThreads} worker threads (DYNDB_BENCH_MIN_THREADS).");
}

var machine = MachineInfo.Describe();
Console.WriteLine(machine);
if (!MachineInfo.IsOptimized)
{
    Console.WriteLine("WARNING: not an optimized build; run with -c Release.");
}

var table = new ResultTable();
var started = Stopwatch.GetTimestamp();
var load = new MachineLoad();
var inProcessLoad = "not run";
if (suites.Overlaps(["latency", "throughput", "alloc"]))
{
    await using var cluster = await BenchCluster.StartAsync();
    if (suites.Contains("latency"))
    {
        Console.WriteLine("1. Sequential call latency");
        await SequentialLatency.RunAsync(cluster, settings, table);
        await HeadOfLineBlocking.RunAsync(cluster, settings, table);
    }

    if (suites.Contains("throughput"))
    {
        Console.WriteLine("2. Throughput with 100 concurrent callers");
        await ConcurrentThroughput.RunAsync(cluster, settings, table);
    }

    if (suites.Contains("alloc"))
    {
        Console.WriteLine("4. Allocation per call");
        await PingAllocations.RunAsync(cluster, settings, table);
    }

    inProcessLoad = load.Describe();
}

if (suites.Contains("storage"))
{
    Console.WriteLine("3. Persistent-state writes");
    await StorageWrites.RunAsync(settings, table);
}

var partLoads = new List<string>();
async Task RunPartAsync(string part, string title, Func<Task> run)
{
    if (!suites.Contains(part))
    {
        return;
    }

    Console.WriteLine(title);
    var partLoad = new MachineLoad();
    var partStarted = Stopwatch.GetTimestamp();
    await run();
    partLoads.Add($"- part `{part}` took {Stopwatch.GetElapsedTime(partStarted).TotalSeconds:F0} s; load: {partLoad.Describe()}");
}

await RunPartAsync("databases", "Issue 3: create and wake latency per engine", () => DatabaseLifecycle.RunAsync(settings, table));
await RunPartAsync("density", "Issue 3: embedded databases on one silo", () => DatabaseDensity.RunAsync(settings, table));
await RunPartAsync("gateway", "Issue 3: gateway overhead against the driver", () => GatewayOverhead.RunAsync(settings, table));
await RunPartAsync("cluster", "Issue 4: calls between silos", () => CrossSiloCalls.RunAsync(settings, table));
await RunPartAsync(ClusterCallCost.Part, "Issue 8: cost of a call between silos and of a remote client's call", async () =>
{
    // The product's telemetry (its OpenTelemetry registration, in a host of its own: one set of listeners for the
    // process, as a silo process has) when --telemetry is given. Its listeners are process-wide, so it is a run option.
    using var telemetryHost = telemetry ? await TelemetryHost.StartAsync() : null;
    await ClusterCallCost.RunAsync(settings, table, telemetry ? "the product's OpenTelemetry registration" + (TelemetryHost.RootsOff ? " with no root spans" : string.Empty) : "none");
    if (telemetryHost is not null)
    {
        await telemetryHost.StopAsync();
    }
});
await RunPartAsync(QueryMemory.Before, "Issue 7: memory of one large query, full buffer", () => QueryMemory.RunAsync(settings, table, QueryMemory.Before));
await RunPartAsync(StatementPath.Part, "Issue 7: one small statement on the embedded engine's path", () => StatementPath.RunAsync(settings, table));
await RunPartAsync(NoisyNeighbour.Part, "Issue 7: app B and health while app A runs three runaway statements", () => NoisyNeighbour.RunAsync(settings, table));
await RunPartAsync(QueryMemory.After, "Issue 7: memory of one large query, streamed", () => QueryMemory.RunAsync(settings, table, QueryMemory.After));
await RunPartAsync(HaFailover.Part, "Issue 9: failover of a postgres-ha group under acknowledged writes (SIGKILL of the primary)", () => HaFailover.RunAsync(settings, table));
await RunPartAsync(EngineSwitch.Part, "Issue 10: live switch of a database between engines under acknowledged writes and a reader", () => EngineSwitch.RunAsync(settings, table));
await RunPartAsync(PgWireBench.Part, "Issue 12: pgbench directly, through PgBouncer and through the wire frontend; idle connections", () => PgWireBench.RunAsync(settings, table));
await RunPartAsync(TierScoring.Part, "Issue 13: the cost of classifying one session into a tier", () => TierScoring.RunAsync(settings, table));
await RunPartAsync(TierAdmissionBench.Part, "Issue 13: tier admission control, fast path and contention", () => TierAdmissionBench.RunAsync(settings, table));
await RunPartAsync(RelayFloor.Part, "Issue 12: the least a .NET process between pgbench and PostgreSQL costs, beside PgBouncer", () => RelayFloor.RunAsync(settings, table));
await RunPartAsync(QosBench.Part, "Issue 13: High-tier latency under 5x Low and Background load, tiers on and off", () => QosBench.RunAsync(settings, table));

var elapsed = Stopwatch.GetElapsedTime(started);
var report = $"{machine}\n{table.ToMarkdown()}\nRun took {elapsed.TotalSeconds:F0} s ({string.Join(", ", suites.Order())}{(quick ? ", --quick" : string.Empty)}).\n"
    + (inProcessLoad == "not run" ? string.Empty : $"- load during measurements 1, 2 and 4: {inProcessLoad}\n")
    + string.Concat(partLoads.Select(l => l + "\n"))
    + $"- load during the whole run (PostgreSQL counts as another process): {load.Describe()}\n";
Console.WriteLine();
Console.WriteLine(report);
if (markdownPath is not null)
{
    await File.WriteAllTextAsync(markdownPath, report);
}

if (appendResults && suites.Contains(PgWireBench.Part))
{
    var results = ResultsFile.Append(PgWireBench.Part, "PostgreSQL wire frontend beside PgBouncer and PostgreSQL — issue 12 item 7", Environment.GetCommandLineArgs(), args, report);
    Console.WriteLine($"Appended a dated section to {results}.");
}

if (appendResults && suites.Contains(QosBench.Part))
{
    Console.WriteLine($"Appended a dated section to {ResultsFile.Append(QosBench.Part, "QoS: High tier under Low and Background load, tiers on and off — issue 13 item 7", Environment.GetCommandLineArgs(), args, report)}.");
}

return 0;
