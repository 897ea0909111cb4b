using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Benchmarks.Suites;

// Usage: dotnet run -c Release --project bench/Orleans.DynamicDb.Benchmarks -- all|latency|throughput|alloc|storage... [--quick] [--markdown FILE]
var suites = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
string? markdownPath = null;
var quick = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--markdown" when i + 1 < args.Length:
            markdownPath = args[++i];
            break;
        case "all":
            suites.UnionWith(["latency", "throughput", "alloc", "storage"]);
            break;
        case "latency" or "throughput" or "alloc" or "storage" or "cluster":
            suites.Add(args[i]);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: -- all|latency|throughput|alloc|storage... [--quick] [--markdown FILE]");
            return 2;
    }
}

if (suites.Count == 0)
{
    Console.Error.WriteLine("Name what to run: all, or any of latency, throughput, alloc, storage.");
    return 2;
}

var settings = new BenchSettings { Quick = quick };
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

if (suites.Contains("cluster"))
{
    Console.WriteLine("5. Calls between silos");
    await CrossSiloCalls.RunAsync(settings, table);
}

var elapsed = Stopwatch.GetElapsedTime(started);
var report = $"{machine}\n{table.ToMarkdown()}\nRun took {elapsed.TotalSeconds:F0} s ({string.Join(", ", suites.Order())}{(quick ? ", --quick" : string.Empty)}).\n"
    + $"- load during measurements 1, 2 and 4: {inProcessLoad}\n- load during the whole run (PostgreSQL counts as another process): {load.Describe()}\n";
Console.WriteLine();
Console.WriteLine(report);
if (markdownPath is not null)
{
    await File.WriteAllTextAsync(markdownPath, report);
}

return 0;
