using System.Diagnostics;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Runs <c>concurrency</c> workers, each awaiting one operation at a time, for a fixed time; counts the operations
/// and keeps each one's latency. The rate is operations over the wall time until the last worker finished.
/// </summary>
internal static class TimedLoad
{
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation)
    {
        var stop = 0;
        var latencies = new List<long>[concurrency];
        var workers = new Task[concurrency];
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < concurrency; i++)
        {
            var worker = i;
            latencies[worker] = new List<long>(1024);
            workers[worker] = Task.Run(async () =>
            {
                for (long sequence = 0; Volatile.Read(ref stop) == 0; sequence++)
                {
                    var begun = Stopwatch.GetTimestamp();
                    await operation(worker, sequence);
                    latencies[worker].Add(Stopwatch.GetTimestamp() - begun);
                }
            });
        }

        await Task.Delay(duration);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetTimestamp() - started;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(all.Length, Formats.TicksToSeconds(elapsed), all);
    }
}

/// <summary>What one timed load did: the operations, the wall time, and each operation's latency (sorted, Stopwatch ticks).</summary>
internal sealed record LoadResult(long Operations, double Seconds, long[] SortedLatencies)
{
    public double PerSecond => Operations / Seconds;

    public double PercentileMilliseconds(double percent) => Formats.TicksToMilliseconds(Stats.Percentile(SortedLatencies, percent));
}
