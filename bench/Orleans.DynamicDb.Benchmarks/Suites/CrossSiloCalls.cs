using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Runtime;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.Client;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Testing;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Issue 4: calls from one silo to grains that live on another, over the real loopback TCP transport (two in-process
/// silos of a TestCluster sharing an in-memory membership table and directory): sequential latency and 100
/// concurrent callers, each with its own remote grain.
/// </summary>
internal static class CrossSiloCalls
{
    private const int Callers = 100;
    private const int Rounds = 3;

    public static async Task RunAsync(BenchSettings settings, ResultTable table)
    {
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 2;
        builder.ConfigureSilo(silo => silo.AddGrainAssembly(typeof(PingGrain).Assembly));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var caller = cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterClient>();
        var remoteRuntime = cluster.Silos[1].ServiceProvider.GetRequiredService<GrainRuntime>();
        var remote = await RemoteGrainsAsync(caller, remoteRuntime, Callers);

        Console.WriteLine("  cross-silo sequential latency ...");
        var one = remote[0];
        for (var i = 0; i < settings.Calls(2_000); i++)
        {
            await one.Ping();
        }

        var samples = new double[settings.Calls(20_000)];
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await one.Ping();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        table.Add(new ResultRow(
            "5",
            "silo → grain on another silo, sequential (loopback TCP)",
            $"mean **{Fixed(samples.Average(), 1)} µs**, p50 **{Fixed(At(samples, 50), 1)} µs**, p99 **{Fixed(At(samples, 99), 1)} µs**",
            "",
            $"{Count(samples.Length)} calls after {Count(settings.Calls(2_000))} warm-up calls"));

        Console.WriteLine("  cross-silo, 100 concurrent callers ...");
        var callsPerCaller = settings.Calls(2_000);
        await RoundAsync(remote, settings.Calls(200));
        var rates = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            await RoundAsync(remote, callsPerCaller);
            rates.Add(Callers * (double)callsPerCaller / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        table.Add(new ResultRow(
            "5",
            "100 callers on one silo, each with its own grain on another silo",
            $"**{Count(Stats.Median(rates))} calls/s**",
            Stats.Spread(rates, "N0"),
            $"{Rounds} rounds × {Count((long)Callers * callsPerCaller)} calls after a warm-up round"));

        await ClientAsync(settings, table, TestCluster.AddressOf(cluster.Silos[0]).EndPoint);
    }

    /// <summary>The remote client (its own connection, client identity) through a gateway silo.</summary>
    private static async Task ClientAsync(BenchSettings settings, ResultTable table, System.Net.IPEndPoint gateway)
    {
        await using var client = new ClientBuilder().UseStaticClustering(gateway).Build();
        await client.ConnectAsync();
        var grains = Enumerable.Range(0, Callers).Select(i => client.GetGrain<IPingGrain>(90_000 + i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Ping()));

        Console.WriteLine("  client → silo sequential latency ...");
        for (var i = 0; i < settings.Calls(2_000); i++)
        {
            await grains[0].Ping();
        }

        var samples = new double[settings.Calls(20_000)];
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await grains[0].Ping();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        table.Add(new ResultRow(
            "5",
            "remote client → grain through a gateway silo, sequential (loopback TCP)",
            $"mean **{Fixed(samples.Average(), 1)} µs**, p50 **{Fixed(At(samples, 50), 1)} µs**, p99 **{Fixed(At(samples, 99), 1)} µs**",
            "",
            $"{Count(samples.Length)} calls; the grains are spread over both silos, so some calls take a second hop"));

        Console.WriteLine("  client → silo, 100 concurrent callers ...");
        var callsPerCaller = settings.Calls(2_000);
        await RoundAsync(grains, settings.Calls(200));
        var rates = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            await RoundAsync(grains, callsPerCaller);
            rates.Add(Callers * (double)callsPerCaller / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        table.Add(new ResultRow(
            "5",
            "remote client, 100 concurrent callers, each its own grain",
            $"**{Count(Stats.Median(rates))} calls/s**",
            Stats.Spread(rates, "N0"),
            $"{Rounds} rounds × {Count((long)Callers * callsPerCaller)} calls after a warm-up round"));
    }

    private static double At(double[] sorted, double percent) => sorted[(int)Math.Round(percent / 100 * (sorted.Length - 1))];

    /// <summary>Grains whose activation the placement put on the other silo.</summary>
    private static async Task<IPingGrain[]> RemoteGrainsAsync(IClusterClient caller, GrainRuntime remoteRuntime, int count)
    {
        var found = new List<IPingGrain>();
        for (long key = 50_000; found.Count < count; key++)
        {
            var grain = caller.GetGrain<IPingGrain>(key);
            await grain.Ping();
            if (remoteRuntime.Catalog.Find(grain.GetGrainId()) is not null)
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
