using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Measurement 1: one caller awaiting one ping at a time through the silo's own client (a local call), on the two
/// paths a client call could take on the old runtime: from a thread that runs no grain turn (there the call ran inline
/// on the caller's thread; on Orleans every call is a message to the grain's scheduler), and from a caller whose
/// continuation is run by the grain's own turn loop (after any call that completed asynchronously). The mean comes from loops without
/// per-call timing; the percentiles from rounds that timestamp every call (the timer's own cost is reported).
/// </summary>
internal static class SequentialLatency
{
    private const int Rounds = 5;

    public static async Task RunAsync(BenchCluster cluster, BenchSettings settings, ResultTable table)
    {
        var grain = cluster.Client.GetGrain<IPingGrain>(0);
        await grain.Ping();
        await MeasurePathAsync(table, settings, grain, "client → grain, caller outside any grain turn (the old runtime's inline path)", _ => PingLoop.LeaveGrainTurnAsync());
        await MeasurePathAsync(table, settings, grain, "client → grain, caller resumed by the grain's turn loop (after an async-completed call)", PingLoop.EnterGrainTurnAsync);
        await GrainToGrainAsync(cluster, settings, table);
    }

    private static async Task MeasurePathAsync(ResultTable table, BenchSettings settings, IPingGrain grain, string scenario, Func<IPingGrain, Task> prepare)
    {
        Console.WriteLine($"  {scenario} ...");
        await prepare(grain);
        await PingLoop.RunAsync(grain, settings.Calls(500_000));

        var callsPerRound = settings.Calls(400_000);
        var means = new List<double>();
        long inline = 0;
        for (var round = 0; round < Rounds; round++)
        {
            await prepare(grain);
            var started = Stopwatch.GetTimestamp();
            inline += await PingLoop.RunAsync(grain, callsPerRound);
            means.Add(TicksToMicroseconds(Stopwatch.GetTimestamp() - started) / callsPerRound);
        }

        var timedPerRound = settings.Calls(250_000);
        var samples = new long[Rounds * timedPerRound];
        var p50s = new List<double>();
        var p99s = new List<double>();
        var pauses = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        for (var round = 0; round < Rounds; round++)
        {
            await prepare(grain);
            var roundSamples = samples.AsMemory(round * timedPerRound, timedPerRound);
            inline += await PingLoop.RunTimedAsync(grain, roundSamples);
            var sorted = roundSamples.ToArray();
            Array.Sort(sorted);
            p50s.Add(TicksToMicroseconds(Stats.Percentile(sorted, 50)));
            p99s.Add(TicksToMicroseconds(Stats.Percentile(sorted, 99)));
        }

        pauses = GC.GetTotalPauseDuration() - pauses;
        collections = GC.CollectionCount(0) - collections;
        var timedMean = TicksToMicroseconds(samples.Average(s => (double)s));
        var stalled = TicksToMicroseconds(samples.Where(s => TicksToMicroseconds(s) > 100).Sum(s => (double)s)) / 1000;
        Array.Sort(samples);
        double P(double percent) => TicksToMicroseconds(Stats.Percentile(samples, percent));
        var calls = (Rounds * callsPerRound) + samples.Length;
        table.Add(new ResultRow(
            "1",
            scenario,
            $"mean **{Fixed(Stats.Median(means), 3)} µs**, p50 **{Fixed(P(50), 3)} µs**, p99 **{Fixed(P(99), 3)} µs**",
            $"mean {Stats.Spread(means, "F3")}; p50 {Stats.Spread(p50s, "F3")}; p99 {Stats.Spread(p99s, "F3")} µs",
            $"{Count(calls)} calls after {Count(settings.Calls(500_000))} warm-up; mean from {Rounds} untimed rounds × {Count(callsPerRound)} "
            + $"(≈ {Count(1_000_000 / Stats.Median(means))} calls/s); percentiles over {Rounds} timed rounds × {Count(timedPerRound)} "
            + $"(timed mean {Fixed(timedMean, 3)}, p90 {Fixed(P(90), 3)}, p99.9 {Fixed(P(99.9), 2)}, max {Fixed(P(100), 0)} µs; timer pair {Fixed(TimerOverheadMicroseconds(), 3)} µs included; calls over 100 µs took {Fixed(stalled, 1)} ms in all, the {collections} GCs in those rounds paused {Fixed(pauses.TotalMilliseconds, 1)} ms); "
            + $"{Fixed(100.0 * inline / calls, 1)} % of calls completed inline"));
    }

    private static async Task GrainToGrainAsync(BenchCluster cluster, BenchSettings settings, ResultTable table)
    {
        Console.WriteLine("  grain → grain ...");
        var caller = cluster.Client.GetGrain<IPingCallerGrain>(0);
        const long target = 1;
        var callsPerRound = settings.Calls(400_000);
        await caller.PingMany(target, callsPerRound);
        var means = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            await caller.PingMany(target, callsPerRound);
            means.Add(TicksToMicroseconds(Stopwatch.GetTimestamp() - started) / callsPerRound);
        }

        table.Add(new ResultRow(
            "1",
            "grain → grain, from inside a grain turn",
            $"mean **{Fixed(Stats.Median(means), 3)} µs**",
            $"mean {Stats.Spread(means, "F3")} µs",
            $"{Rounds} rounds × {Count(callsPerRound)} calls, after one warm-up round"));
    }

    /// <summary>The median cost of the two timestamps taken around each timed call.</summary>
    private static double TimerOverheadMicroseconds()
    {
        var pairs = new long[100_000];
        for (var i = 0; i < pairs.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            pairs[i] = Stopwatch.GetTimestamp() - started;
        }

        Array.Sort(pairs);
        return TicksToMicroseconds(Stats.Percentile(pairs, 50));
    }
}
