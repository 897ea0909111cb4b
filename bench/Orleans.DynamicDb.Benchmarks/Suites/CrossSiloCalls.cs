using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 4: calls from one silo to grains that live on another: sequential latency and 100 concurrent callers, each
/// with its own remote grain; then a remote client through a gateway silo. Measured over Orleans' real loopback TCP
/// transport (two silos in this process, <see cref="LoopbackCluster"/>), as the old runtime's rows were, and again on
/// <c>InProcessTestCluster</c>, whose silos and client talk over Orleans' in-memory transport (what the test suites use).
/// </summary>
internal static class CrossSiloCalls
{
    private const int Callers = 100;
    private const int Rounds = 3;

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        await using (var tcp = await LoopbackCluster.StartAsync(silos: 2))
        {
            var second = tcp.SiloName(1);
            await MeasureAsync(settings, table, "loopback TCP", tcp.SiloClient(0), async g => await g.SiloName() == second, tcp.Client);
        }

        await using var memory = await BenchCluster.StartAsync(silos: 2);
        await MeasureAsync(settings, table, "Orleans in-memory transport, InProcessTestCluster", memory.Client, g => Task.FromResult(memory.IsActiveOn(g, 1)), memory.ExternalClient);
    }

    private static async Task MeasureAsync(BenchSettings settings, ResultTable table, string transport, IClusterClient caller, Func<IPingGrain, Task<bool>> isRemote, IClusterClient client)
    {
        var remote = await RemoteGrainsAsync(caller, isRemote, Callers);

        Console.WriteLine($"  cross-silo sequential latency ({transport}) ...");
        var one = remote[0];
        for (var i = 0; i < WarmUpCalls(settings); i++)
        {
            await one.Ping();
        }

        var samples = new double[settings.Calls(20_000)];
        var cost = await CallCost.MeasureAsync(samples.Length, async () =>
        {
            for (var i = 0; i < samples.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await one.Ping();
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        });

        Array.Sort(samples);
        table.Add(new ResultRow(
            "5",
            $"silo → grain on another silo, sequential ({transport})",
            $"mean **{Fixed(samples.Average(), 1)} µs**, p50 **{Fixed(At(samples, 50), 1)} µs**, p99 **{Fixed(At(samples, 99), 1)} µs**",
            "",
            $"{Count(samples.Length)} calls after {Count(WarmUpCalls(settings))} warm-up calls; {cost.Describe()}"));

        Console.WriteLine($"  cross-silo, 100 concurrent callers ({transport}) ...");
        var callsPerCaller = settings.Calls(2_000);
        await RoundAsync(remote, settings.Calls(200));
        var rates = new List<double>();
        var roundsCost = await CallCost.MeasureAsync((long)Rounds * Callers * callsPerCaller, async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var started = Stopwatch.GetTimestamp();
                await RoundAsync(remote, callsPerCaller);
                rates.Add(Callers * (double)callsPerCaller / Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        });

        table.Add(new ResultRow(
            "5",
            $"100 callers on one silo, each with its own grain on another silo ({transport})",
            $"**{Count(Stats.Median(rates))} calls/s**",
            Stats.Spread(rates, "N0"),
            $"{Rounds} rounds × {Count((long)Callers * callsPerCaller)} calls after a warm-up round; {roundsCost.Describe()}"));

        await ClientAsync(settings, table, transport, client);
    }

    /// <summary>The remote client (its own host, connections and client identity) through the silos' gateways.</summary>
    private static async Task ClientAsync(BenchSettings settings, ResultTable table, string transport, IClusterClient client)
    {
        var grains = Enumerable.Range(0, Callers).Select(i => client.GetGrain<IPingGrain>(90_000 + i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Ping()));

        Console.WriteLine($"  client → silo sequential latency ({transport}) ...");
        for (var i = 0; i < WarmUpCalls(settings); i++)
        {
            await grains[0].Ping();
        }

        var samples = new double[settings.Calls(20_000)];
        var cost = await CallCost.MeasureAsync(samples.Length, async () =>
        {
            for (var i = 0; i < samples.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await grains[0].Ping();
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        });

        Array.Sort(samples);
        table.Add(new ResultRow(
            "5",
            $"remote client → grain through a gateway silo, sequential ({transport})",
            $"mean **{Fixed(samples.Average(), 1)} µs**, p50 **{Fixed(At(samples, 50), 1)} µs**, p99 **{Fixed(At(samples, 99), 1)} µs**",
            "",
            $"{Count(samples.Length)} calls after {Count(WarmUpCalls(settings))} warm-up calls; the grains are spread over both silos, so some calls take a second hop; {cost.Describe()}"));

        Console.WriteLine($"  client → silo, 100 concurrent callers ({transport}) ...");
        var callsPerCaller = settings.Calls(2_000);
        await RoundAsync(grains, settings.Calls(200));
        var rates = new List<double>();
        var roundsCost = await CallCost.MeasureAsync((long)Rounds * Callers * callsPerCaller, async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var started = Stopwatch.GetTimestamp();
                await RoundAsync(grains, callsPerCaller);
                rates.Add(Callers * (double)callsPerCaller / Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        });

        table.Add(new ResultRow(
            "5",
            $"remote client, 100 concurrent callers, each its own grain ({transport})",
            $"**{Count(Stats.Median(rates))} calls/s**",
            Stats.Spread(rates, "N0"),
            $"{Rounds} rounds × {Count((long)Callers * callsPerCaller)} calls after a warm-up round; {roundsCost.Describe()}"));
    }

    /// <summary>
    /// Sequential warm-up calls before each sequential measurement: 2,000 (a --quick tenth), or
    /// <c>DYNDB_BENCH_CLUSTER_WARMUP</c> (e.g. 50000, to measure code that the JIT has finished tiering up).
    /// </summary>
    private static int WarmUpCalls(BenchSettings settings) =>
        int.TryParse(Environment.GetEnvironmentVariable("DYNDB_BENCH_CLUSTER_WARMUP"), out var calls) && calls > 0 ? calls : settings.Calls(2_000);

    private static double At(double[] sorted, double percent) => sorted[(int)Math.Round(percent / 100 * (sorted.Length - 1))];

    /// <summary>Grains whose activation the placement put on the other silo.</summary>
    internal static async Task<IPingGrain[]> RemoteGrainsAsync(IClusterClient caller, Func<IPingGrain, Task<bool>> isRemote, int count)
    {
        var found = new List<IPingGrain>();
        for (long key = 50_000; found.Count < count; key++)
        {
            var grain = caller.GetGrain<IPingGrain>(key);
            await grain.Ping();
            if (key > 50_000 + (100L * count))
            {
                throw new InvalidOperationException($"Placement put only {found.Count} of {key - 50_000} grains on the second silo.");
            }

            if (await isRemote(grain))
            {
                found.Add(grain);
            }
        }

        return [.. found];
    }

    private static Task RoundAsync(IPingGrain[] grains, int calls) => Task.WhenAll(grains.Select(async grain =>
    {
        await Task.Yield();
        for (var i = 0; i < calls; i++)
        {
            await grain.Ping();
        }
    }));
}
