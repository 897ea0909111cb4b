using System.Diagnostics;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>CPU work of a fixed length, standing in for what a caller does between its grain calls.</summary>
internal static class BusyWork
{
    public static void Spin(TimeSpan length)
    {
        var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }
}
