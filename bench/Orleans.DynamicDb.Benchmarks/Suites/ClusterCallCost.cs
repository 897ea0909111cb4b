using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.Networking.Shared;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 8 diagnosis: what one call between silos, and one call of a remote client, costs on Orleans over loopback
/// TCP — wall time, CPU time, allocated bytes, thread-pool hops and lock contentions per call — under a few
/// configurations, each its own <see cref="LoopbackCluster"/> in this process, all started first and then measured in
/// interleaved rounds (so a burst of load elsewhere on the machine hits every configuration alike). Medians of rounds.
/// </summary>
internal static class ClusterCallCost
{
    /// <summary>The part's name on the command line.</summary>
    public const string Part = "cluster-cost";

    private const int Callers = 100;
    private const int Rounds = 5;

    /// <summary>The configurations compared. Process-wide telemetry listeners are a separate run (<c>--telemetry</c>).</summary>
    private static readonly (string Name, Action<ISiloBuilder>? Silo, Action<IClientBuilder>? Client)[] Variants =
    [
        ("Orleans defaults (as the `cluster` rows)", null, null),
        ("+ AddActivityPropagation on silos and client (the product's silo adds it)", s => s.AddActivityPropagation(), c => c.AddActivityPropagation()),
        ("SocketConnectionOptions.IOQueueCount = 0 (socket I/O straight to the thread pool)",
            s => s.Services.Configure<SocketConnectionOptions>(o => o.IOQueueCount = 0),
            c => c.Services.Configure<SocketConnectionOptions>(o => o.IOQueueCount = 0)),
    ];

    public static async Task RunAsync(BenchSettings settings, ResultTable table, string telemetry)
    {
        if (Environment.GetEnvironmentVariable("DYNDB_BENCH_COST_PROFILE") is { Length: > 0 } profileCalls)
        {
            await ProfileAsync(int.Parse(profileCalls, Culture));
            return;
        }

        var clusters = new List<(string Name, LoopbackCluster Cluster, IPingGrain[] Remote, IPingGrain OneHop, IPingGrain[] ClientGrains, IPingGrain Filtered)>();
        try
        {
            foreach (var (name, silo, client) in Variants)
            {
                Console.WriteLine($"  start: {name}");
                var cluster = await LoopbackCluster.StartAsync(2, silo, client);
                var second = cluster.SiloName(1);
                var remote = await CrossSiloCalls.RemoteGrainsAsync(cluster.SiloClient(0), async g => await g.SiloName() == second, Callers);
                var first = cluster.SiloName(0);
                // Keys from 50,000 were activated from silo 0 above; those it kept are on the gateway silo (one hop).
                var oneHop = await FirstAsync(cluster.Client, 50_000, async g => await g.SiloName() == first);
                var clientGrains = Enumerable.Range(0, Callers).Select(i => cluster.Client.GetGrain<IPingGrain>(90_000 + i)).ToArray();
                var filtered = await FilteredOnAsync(cluster.SiloClient(0), second);
                clusters.Add((name, cluster, remote, oneHop, clientGrains, filtered));
            }

            var seqCalls = settings.Calls(5_000);
            var perCaller = settings.Calls(500);
            foreach (var c in clusters)
            {
                Console.WriteLine($"  warm-up: {c.Name}");
                await SequentialAsync(c.Remote[0], settings.Calls(20_000));
                await SequentialAsync(c.OneHop, settings.Calls(20_000));
                await SequentialAsync(c.Filtered, settings.Calls(20_000));
                await ConcurrentAsync(c.Remote, perCaller);
                await ConcurrentAsync(c.ClientGrains, perCaller);
            }

            var results = clusters.ToDictionary(c => c.Name, _ => new Dictionary<string, List<(CallCost Cost, double P50)>>());
            for (var round = 0; round < Rounds; round++)
            {
                Console.WriteLine($"  round {round + 1} of {Rounds}");
                foreach (var c in clusters)
                {
                    Add(results[c.Name], "cross-silo, sequential", await TimedSequentialAsync(c.Remote[0], seqCalls));
                    Add(results[c.Name], "client → grain on the gateway silo, sequential", await TimedSequentialAsync(c.OneHop, seqCalls));
                    Add(results[c.Name], "cross-silo, sequential, grain with its own call filter (DatabaseGrain's shape)", await TimedSequentialAsync(c.Filtered, seqCalls));
                    Add(results[c.Name], "cross-silo, 100 callers", (await CallCost.MeasureAsync((long)Callers * perCaller, () => ConcurrentAsync(c.Remote, perCaller)), double.NaN));
                    Add(results[c.Name], "client, 100 callers (grains on both silos)", (await CallCost.MeasureAsync((long)Callers * perCaller, () => ConcurrentAsync(c.ClientGrains, perCaller)), double.NaN));
                }
            }

            foreach (var c in clusters)
            {
                foreach (var (shape, samples) in results[c.Name])
                {
                    table.Add(Row(shape, c.Name, telemetry, samples, shape.Contains("100") ? Callers * perCaller : seqCalls));
                }
            }
        }
        finally
        {
            foreach (var c in clusters)
            {
                await c.Cluster.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// For a profiler (<c>dotnet-trace collect</c>): only sequential cross-silo calls on Orleans' defaults, so the trace
    /// holds nothing else. <c>DYNDB_BENCH_COST_PROFILE=200000 dotnet Orleans.DynamicDb.Benchmarks.dll cluster-cost</c>.
    /// </summary>
    private static async Task ProfileAsync(int calls)
    {
        await using var cluster = await LoopbackCluster.StartAsync(2);
        var second = cluster.SiloName(1);
        var remote = await CrossSiloCalls.RemoteGrainsAsync(cluster.SiloClient(0), async g => await g.SiloName() == second, 1);
        await SequentialAsync(remote[0], 20_000);
        Console.WriteLine($"  profile: {Count(calls)} sequential cross-silo calls");
        var cost = await CallCost.MeasureAsync(calls, () => SequentialAsync(remote[0], calls));
        Console.WriteLine($"  {Fixed(cost.WallMicroseconds, 1)} µs/call; {cost.Describe()}");
    }

    private static void Add(Dictionary<string, List<(CallCost, double)>> byShape, string shape, (CallCost, double) sample)
    {
        if (!byShape.TryGetValue(shape, out var list))
        {
            byShape[shape] = list = [];
        }

        list.Add(sample);
    }

    private static ResultRow Row(string shape, string variant, string telemetry, List<(CallCost Cost, double P50)> samples, int calls)
    {
        double Median(Func<CallCost, double> pick) => Stats.Median(samples.Select(s => pick(s.Cost)).ToArray());
        var wall = Median(c => c.WallMicroseconds);
        var result = shape.Contains("100")
            ? $"**{Count(1_000_000 / wall)} calls/s**"
            : $"mean **{Fixed(wall, 1)} µs**, p50 **{Fixed(Stats.Median(samples.Select(s => s.P50).ToArray()), 1)} µs**";
        return new ResultRow(
            "8",
            $"{shape} — {variant}; telemetry: {telemetry}",
            result + $", CPU **{Fixed(Median(c => c.CpuMicroseconds), 1)} µs/call**, **{Fixed(Median(c => c.Bytes), 0)} B/call**, "
                + $"**{Fixed(Median(c => c.WorkItems), 2)} pool work items/call**, {Fixed(Median(c => c.LockContentions), 3)} lock contentions/call",
            $"wall {Stats.Spread(samples.Select(s => s.Cost.WallMicroseconds).ToArray(), "F1")} µs/call; CPU {Stats.Spread(samples.Select(s => s.Cost.CpuMicroseconds).ToArray(), "F1")} µs/call",
            $"{samples.Count} rounds × {Count(calls)} calls, interleaved with the other configurations");
    }

    /// <summary>A <see cref="IFilteredPingGrain"/> that calls from silo 0 placed on the silo named <paramref name="silo"/>.</summary>
    private static async Task<IPingGrain> FilteredOnAsync(IClusterClient caller, string silo)
    {
        for (long key = 70_000; key < 71_000; key++)
        {
            var grain = caller.GetGrain<IFilteredPingGrain>(key);
            if (await grain.SiloName() == silo)
            {
                return grain;
            }
        }

        throw new InvalidOperationException($"No filtered ping grain of keys 70000–70999 was placed on {silo}.");
    }

    private static async Task<IPingGrain> FirstAsync(IClusterClient client, long fromKey, Func<IPingGrain, Task<bool>> match)
    {
        for (var key = fromKey; key < fromKey + 1_000; key++)
        {
            var grain = client.GetGrain<IPingGrain>(key);
            if (await match(grain))
            {
                return grain;
            }
        }

        throw new InvalidOperationException($"No grain of keys {fromKey}–{fromKey + 999} was placed on the wanted silo.");
    }

    private static async Task SequentialAsync(IPingGrain grain, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            await grain.Ping();
        }
    }

    /// <summary>Sequential calls, each timed (for the p50); the cost is of the whole batch, timer included (≈ 0.03 µs/call).</summary>
    private static async Task<(CallCost Cost, double P50)> TimedSequentialAsync(IPingGrain grain, int calls)
    {
        var samples = new double[calls];
        var cost = await CallCost.MeasureAsync(calls, async () =>
        {
            for (var i = 0; i < samples.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await grain.Ping();
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        });
        Array.Sort(samples);
        return (cost, samples[samples.Length / 2]);
    }

    private static Task ConcurrentAsync(IPingGrain[] grains, int calls) => Task.WhenAll(grains.Select(async grain =>
    {
        await Task.Yield();
        for (var i = 0; i < calls; i++)
        {
            await grain.Ping();
        }
    }));
}
