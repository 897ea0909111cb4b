using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// A diagnostic beside measurement 1: the ping latency one caller sees while another caller of the same grain does
/// 200 µs of its own CPU work between its pings. When that other caller is resumed by the grain's turn loop (after a
/// call that completed asynchronously), its work runs on the loop and holds the grain, although the grain is idle.
/// </summary>
internal static class HeadOfLineBlocking
{
    private static readonly TimeSpan Work = TimeSpan.FromMicroseconds(200);

    public static async Task RunAsync(BenchCluster cluster, BenchSettings settings, ResultTable table)
    {
        var grain = cluster.Client.GetGrain<IPingGrain>(4_000);
        await grain.Ping();
        await MeasureAsync(table, settings, grain, CallerMode.Plain, "other caller resumed by the grain's turn loop (today)");
        await MeasureAsync(table, settings, grain, CallerMode.LeaveGrainTurn, "other caller leaves the turn loop after an async completion (emulates the proposed fix)");
    }

    private static async Task MeasureAsync(ResultTable table, BenchSettings settings, IPingGrain grain, CallerMode mode, string label)
    {
        Console.WriteLine($"  head-of-line: {label} ...");
        var stop = 0;
        var busy = Task.Run(async () =>
        {
            await PingLoop.EnterGrainTurnAsync(grain);
            while (Volatile.Read(ref stop) == 0)
            {
                BusyWork.Spin(Work);
                var call = grain.Ping();
                var ranInline = call.IsCompleted;
                await call;
                if (mode == CallerMode.LeaveGrainTurn && !ranInline)
                {
                    await Task.Yield();
                }
            }
        });

        var samples = new long[settings.Calls(3_000)];
        long inline = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            // The probe leaves whatever loop resumed it and waits a little, so its calls land at random points of the other caller's work.
            await Task.Yield();
            BusyWork.Spin(TimeSpan.FromMicroseconds(37));
            var started = Stopwatch.GetTimestamp();
            var call = grain.Ping();
            inline += call.IsCompleted ? 1 : 0;
            await call;
            samples[i] = Stopwatch.GetTimestamp() - started;
        }

        Volatile.Write(ref stop, 1);
        await busy;
        var mean = TicksToMicroseconds(samples.Average(s => (double)s));
        Array.Sort(samples);
        double P(double percent) => TicksToMicroseconds(Stats.Percentile(samples, percent));
        table.Add(new ResultRow(
            "1 (diag)",
            $"probe's ping latency while another caller of the same grain does {Work.TotalMicroseconds:F0} µs of CPU work between its pings: {label}",
            $"p50 **{Fixed(P(50), 1)} µs**, p99 **{Fixed(P(99), 1)} µs**",
            $"mean {Fixed(mean, 1)} µs",
            $"{Count(samples.Length)} probe calls; {Fixed(100.0 * inline / samples.Length, 1)} % completed inline"));
    }
}
