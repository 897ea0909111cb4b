using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Measurement 2: 100 callers, each an async loop that awaits one ping at a time, all started together; the rate is
/// all calls over the wall time until the last caller is done. Also reports allocation per call (measurement 4),
/// GC counts and how many calls completed inline under that load.
/// </summary>
internal static class ConcurrentThroughput
{
    private const int Callers = 100;
    private const int Rounds = 5;

    public static async Task RunAsync(BenchCluster cluster, BenchSettings settings, ResultTable table)
    {
        var own = Enumerable.Range(0, Callers).Select(i => cluster.Client.GetGrain<IPingGrain>(1_000 + i)).ToArray();
        var one = cluster.Client.GetGrain<IPingGrain>(2_000);
        IPingGrain[] allOnOne = [.. Enumerable.Repeat(one, Callers)];
        await Task.WhenAll(own.Select(g => g.Ping()).Append(one.Ping()));

        await MeasureAsync(table, "100 callers, each its own grain", own, settings.Calls(20_000), CallerMode.Plain);
        await MeasureAsync(table, "100 callers, all on ONE grain", allOnOne, settings.Calls(20_000), CallerMode.Plain);
        await MeasureAsync(table, "100 callers, all on ONE grain, callers leave the grain's turn loop after an async completion (emulates the proposed fix)", allOnOne, settings.Calls(10_000), CallerMode.LeaveGrainTurn);
        await MeasureAsync(table, "100 callers, each its own grain, every caller yields to the thread pool after each call", own, settings.Calls(5_000), CallerMode.YieldEachCall);
    }

    private static async Task MeasureAsync(ResultTable table, string scenario, IPingGrain[] grains, int callsPerCaller, CallerMode mode)
    {
        Console.WriteLine($"  {scenario} ...");
        await RoundAsync(grains, callsPerCaller, mode);
        var rates = new List<double>();
        var bytesPerCall = new List<double>();
        long inline = 0;
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var callsPerRound = (long)Callers * callsPerCaller;
        for (var round = 0; round < Rounds; round++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            inline += await RoundAsync(grains, callsPerCaller, mode);
            var elapsed = Stopwatch.GetTimestamp() - started;
            bytesPerCall.Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)callsPerRound);
            rates.Add(callsPerRound / TicksToSeconds(elapsed));
        }

        table.Add(new ResultRow(
            "2",
            scenario,
            $"**{Count(Stats.Median(rates))} calls/s**",
            Stats.Spread(rates, "N0"),
            $"{Rounds} rounds × {Count(callsPerRound)} calls after one warm-up round; {Fixed(100.0 * inline / (Rounds * callsPerRound), 1)} % completed inline; "
            + $"{Fixed(Stats.Median(bytesPerCall), 0)} B allocated/call (process); GCs gen0/1/2: {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}; "
            + $"pool threads at end: {ThreadPool.ThreadCount}"));
    }

    private static async Task<long> RoundAsync(IPingGrain[] grains, int callsPerCaller, CallerMode mode)
    {
        var callers = new Task<int>[grains.Length];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = CallerAsync(grains[i], callsPerCaller, mode);
        }

        return (await Task.WhenAll(callers)).Sum(n => (long)n);
    }

    private static async Task<int> CallerAsync(IPingGrain grain, int calls, CallerMode mode)
    {
        // Every caller starts on the thread pool, as concurrent requests would arrive.
        await Task.Yield();
        var inline = 0;
        for (var i = 0; i < calls; i++)
        {
            var call = grain.Ping();
            if (call.IsCompleted)
            {
                inline++;
                await call;
            }
            else
            {
                await call;
                if (mode == CallerMode.LeaveGrainTurn)
                {
                    await Task.Yield();
                }
            }

            if (mode == CallerMode.YieldEachCall)
            {
                await Task.Yield();
            }
        }

        return inline;
    }
}
