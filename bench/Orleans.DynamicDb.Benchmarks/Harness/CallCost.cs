using System.Diagnostics;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// What a batch of calls cost the whole process (callers, silos and client share it), divided by the calls: wall time,
/// CPU time, allocated bytes, thread-pool work items (each a hop onto a pool thread) and lock contentions. CPU time,
/// bytes and work items hardly depend on what else runs on the machine, unlike wall time.
/// </summary>
internal readonly record struct CallCost(double WallMicroseconds, double CpuMicroseconds, double Bytes, double WorkItems, double LockContentions)
{
    /// <summary>Runs <paramref name="calls"/> (which makes <paramref name="count"/> calls) and returns its cost per call.</summary>
    public static async Task<CallCost> MeasureAsync(long count, Func<Task> calls)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes(precise: false);
        var items = ThreadPool.CompletedWorkItemCount;
        var locks = Monitor.LockContentionCount;
        var started = Stopwatch.GetTimestamp();
        await calls();
        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return new CallCost(
            wall.TotalMicroseconds / count,
            (process.TotalProcessorTime - cpu).TotalMicroseconds / count,
            (GC.GetTotalAllocatedBytes(precise: false) - bytes) / (double)count,
            (ThreadPool.CompletedWorkItemCount - items) / (double)count,
            (Monitor.LockContentionCount - locks) / (double)count);
    }

    /// <summary>The load-independent part, for a table's notes: "cost per call (whole process): CPU … µs, … B, … pool work items".</summary>
    public string Describe() =>
        $"cost per call (whole process): CPU {CpuMicroseconds.ToString("F1", Formats.Culture)} µs, {Bytes.ToString("F0", Formats.Culture)} B allocated, "
        + $"{WorkItems.ToString("F2", Formats.Culture)} pool work items";
}
