using System.Diagnostics;
using Orleans.DynamicDb.Benchmarks.Grains;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Sequential ping loops that also count the calls whose task was already complete when the call returned (ran inline).</summary>
internal static class PingLoop
{
    /// <summary>Pings <paramref name="calls"/> times, one at a time; returns how many completed inline.</summary>
    public static async Task<int> RunAsync(IPingGrain grain, int calls)
    {
        var inline = 0;
        for (var i = 0; i < calls; i++)
        {
            var call = grain.Ping();
            if (call.IsCompleted)
            {
                inline++;
            }

            await call;
        }

        return inline;
    }

    /// <summary>Like <see cref="RunAsync"/>, timing every call into <paramref name="samples"/> (Stopwatch ticks).</summary>
    public static async Task<int> RunTimedAsync(IPingGrain grain, Memory<long> samples)
    {
        var inline = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var call = grain.Ping();
            if (call.IsCompleted)
            {
                inline++;
            }

            await call;
            samples.Span[i] = Stopwatch.GetTimestamp() - started;
        }

        return inline;
    }

    /// <summary>Moves the caller to a thread-pool thread that runs no grain turn, so its next call can run inline.</summary>
    public static async Task LeaveGrainTurnAsync()
    {
        await Task.Delay(1);
    }

    /// <summary>Makes the caller's continuation run on <paramref name="grain"/>'s turn loop (see <see cref="IPingGrain.PingAfterDelay"/>).</summary>
    public static Task EnterGrainTurnAsync(IPingGrain grain) => grain.PingAfterDelay();
}
