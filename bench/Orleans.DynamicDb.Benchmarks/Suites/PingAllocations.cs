using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Measurement 4: bytes allocated per ping. On the old runtime a sequential ping from outside a grain turn completed
/// on the caller's thread, so the thread's own counter saw all of it; on Orleans the call is answered from the
/// grain's scheduler and the caller resumes on a pool thread, so the process-wide counter (which also sees the
/// runtime's timers) is the headline whenever a round moved threads. Then the allocating types are sampled from the
/// GC's allocation events, to show where the bytes go.
/// </summary>
internal static class PingAllocations
{
    private const int Rounds = 5;

    public static async Task RunAsync(BenchCluster cluster, BenchSettings settings, ResultTable table)
    {
        var grain = cluster.Client.GetGrain<IPingGrain>(3_000);
        var calls = settings.Calls(1_000_000);
        await grain.Ping();
        await PingLoop.LeaveGrainTurnAsync();
        await PingLoop.RunAsync(grain, calls / 10);

        var perThread = new List<double>();
        var perProcess = new List<double>();
        var sameThread = true;
        for (var round = 0; round < Rounds; round++)
        {
            var thread = Environment.CurrentManagedThreadId;
            var process = GC.GetTotalAllocatedBytes(precise: true);
            var own = GC.GetAllocatedBytesForCurrentThread();
            await PingLoop.RunAsync(grain, calls);
            var ownAfter = GC.GetAllocatedBytesForCurrentThread();
            perProcess.Add((GC.GetTotalAllocatedBytes(precise: true) - process) / (double)calls);
            sameThread &= thread == Environment.CurrentManagedThreadId;
            perThread.Add((ownAfter - own) / (double)calls);
        }

        table.Add(new ResultRow(
            "4",
            "client → grain ping, sequential (silo's own client, local call)",
            sameThread
                ? $"**{Fixed(Stats.Median(perThread), 1)} B**/call (caller's thread)"
                : $"**{Fixed(Stats.Median(perProcess), 1)} B**/call (process-wide)",
            Stats.Spread(sameThread ? perThread : perProcess, "F1") + " B",
            $"{Rounds} rounds × {Count(calls)} calls; process-wide {Fixed(Stats.Median(perProcess), 1)} B/call; "
            + (sameThread ? "every round stayed on the calling thread" : "a round moved threads: read the process-wide number")
            + "; sampled by type: " + await SampleTypesAsync(grain, calls)));

        var caller = cluster.Client.GetGrain<IPingCallerGrain>(3_000);
        await caller.PingMany(3_001, calls / 10);
        var inside = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var process = GC.GetTotalAllocatedBytes(precise: true);
            await caller.PingMany(3_001, calls);
            inside.Add((GC.GetTotalAllocatedBytes(precise: true) - process) / (double)calls);
        }

        table.Add(new ResultRow(
            "4",
            "grain → grain ping, sequential",
            $"**{Fixed(Stats.Median(inside), 1)} B**/call (process-wide)",
            Stats.Spread(inside, "F1") + " B",
            $"{Rounds} rounds × {Count(calls)} calls"));
    }

    private static async Task<string> SampleTypesAsync(IPingGrain grain, int calls)
    {
        using var types = new AllocationTypes();
        await Task.Delay(100);
        await PingLoop.LeaveGrainTurnAsync();
        types.Start();
        await PingLoop.RunAsync(grain, calls * 2);
        var shares = types.Stop().Where(t => t.Share >= 0.02).Select(t => $"{t.Type.Replace("Orleans.Runtime.", string.Empty, StringComparison.Ordinal)} {t.Share:P0}");
        return string.Join(", ", shares);
    }
}
