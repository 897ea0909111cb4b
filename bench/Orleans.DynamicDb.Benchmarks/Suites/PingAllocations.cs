using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Benchmarks.Harness;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.Invocation;
using Orleans.DynamicDb.Runtime.Testing;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites;

/// <summary>
/// Measurement 4: bytes allocated per ping. A sequential ping from outside a grain turn completes on the caller's
/// thread, so the thread's own counter sees all of it; the process-wide counter is reported beside it (it also sees
/// the runtime's timers). Then the allocating types are sampled from the GC's allocation events, and the per-call
/// objects are measured one by one, to show where the bytes go.
/// </summary>
internal static class PingAllocations
{
    private const int Rounds = 5;

    public static async Task RunAsync(TestCluster cluster, BenchSettings settings, ResultTable table)
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
            "client → grain ping, sequential (inline path)",
            $"**{Fixed(Stats.Median(perThread), 1)} B**/call (caller's thread)",
            Stats.Spread(perThread, "F1") + " B",
            $"{Rounds} rounds × {Count(calls)} calls; process-wide {Fixed(Stats.Median(perProcess), 1)} B/call; "
            + (sameThread ? "every round stayed on the calling thread" : "a round moved threads: read the process-wide number")
            + "; " + Breakdown(cluster) + "; sampled by type: " + await SampleTypesAsync(grain, calls)));

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

    /// <summary>The bytes of each object a ping allocates, measured by creating it alone.</summary>
    private static string Breakdown(TestCluster cluster)
    {
        var ping = new GrainInterfaceInfo(typeof(IPingGrain)).Methods.Single(m => m.Method.Name == nameof(IPingGrain.Ping));
        var request = Measure(() => new GrainCallRequest<VoidResult>(ping, [], oneWay: false));
        var completion = Measure(() => new TaskCompletionSource<VoidResult>());
        var runtime = cluster.ServiceProvider.GetRequiredService<GrainRuntime>();
        var classInfo = runtime.Types.ForInterface(typeof(IPingGrain));
        var id = new GrainId(classInfo.GrainType, "3000");
        var lookup = Measure(() => runtime.Catalog.GetOrCreate(id, classInfo, out _));
        return $"by object: GrainCallRequest<VoidResult> {request} B (its TaskCompletionSource + Task {completion} B of it), "
            + $"Catalog.GetOrCreate of an active grain {lookup} B";
    }

    private static long Measure(Func<object> create)
    {
        GC.KeepAlive(create());
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(create());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static async Task<string> SampleTypesAsync(IPingGrain grain, int calls)
    {
        using var types = new AllocationTypes();
        await Task.Delay(100);
        await PingLoop.LeaveGrainTurnAsync();
        types.Start();
        await PingLoop.RunAsync(grain, calls * 2);
        var shares = types.Stop().Where(t => t.Share >= 0.02).Select(t => $"{t.Type.Replace("Orleans.DynamicDb.Runtime.", string.Empty, StringComparison.Ordinal)} {t.Share:P0}");
        return string.Join(", ", shares);
    }
}
