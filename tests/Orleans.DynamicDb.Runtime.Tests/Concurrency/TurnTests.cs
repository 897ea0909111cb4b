using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Concurrency;

public sealed class TurnTests
{
    [Fact]
    public async Task A_grain_runs_one_request_at_a_time_by_default()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IConcurrencyGrain>(Probe.NewName());

        var overlaps = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.MeasureOverlap()));

        Assert.Equal(1, overlaps.Max());
    }

    [Fact]
    public async Task A_second_call_waits_until_the_first_has_finished_awaiting()
    {
        await using var cluster = await TestClusters.StartAsync();
        var (log, gate) = (Probe.NewName(), Probe.NewName());
        var grain = cluster.GrainFactory.GetGrain<IConcurrencyGrain>(Probe.NewName());

        var openGate = Probe.NewName();
        Probe.Open(openGate);

        var first = grain.Hold(log, "first", gate);
        await Eventually.True(() => Probe.Entries(log).Contains("first:start"), "the first call starts");
        var second = grain.Hold(log, "second", openGate); // queued before the first can finish
        Probe.Open(gate);
        await Eventually.Within(Task.WhenAll(first, second), "both calls");

        Assert.Equal(["first:start", "first:end", "second:start", "second:end"], Probe.Entries(log));
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_requests_at_await_points()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IReentrantConcurrencyGrain>(Probe.NewName());

        var overlaps = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.MeasureOverlap()));

        Assert.True(overlaps.Max() > 1, $"expected interleaving, the most calls at once was {overlaps.Max()}");
    }

    [Fact]
    public async Task An_always_interleave_method_runs_while_another_call_holds_the_grain()
    {
        await using var cluster = await TestClusters.StartAsync();
        var (log, gate) = (Probe.NewName(), Probe.NewName());
        var grain = cluster.GrainFactory.GetGrain<IConcurrencyGrain>(Probe.NewName());

        var held = grain.Hold(log, "held", gate);
        await Eventually.True(() => Probe.Entries(log).Contains("held:start"), "the holding call starts");
        var result = await Eventually.Within(grain.Interleaved(log, "ping"), "the interleaving call");
        Probe.Open(gate);
        await held;

        Assert.Equal("ping", result);
        Assert.Equal(["held:start", "ping:run", "held:end"], Probe.Entries(log));
    }

    [Fact]
    public async Task Read_only_calls_run_beside_each_other_and_a_write_waits_for_them()
    {
        await using var cluster = await TestClusters.StartAsync();
        var (log, gate) = (Probe.NewName(), Probe.NewName());
        var grain = cluster.GrainFactory.GetGrain<IConcurrencyGrain>(Probe.NewName());

        var r1 = grain.HoldReadOnly(log, "r1", gate);
        var r2 = grain.HoldReadOnly(log, "r2", gate);
        await Eventually.True(() => Probe.Entries(log).Count(e => e.EndsWith(":start", StringComparison.Ordinal)) == 2, "both read-only calls run at once");
        var writeGate = Probe.NewName();
        var write = grain.Hold(log, "w", writeGate);
        Probe.Open(writeGate);
        Probe.Open(gate);
        await Eventually.Within(Task.WhenAll(r1, r2, write), "all calls");

        var entries = Probe.Entries(log);
        Assert.Equal("w:start", entries[4]);
        Assert.Equal("w:end", entries[5]);
    }

    [Fact]
    public async Task A_stateless_worker_runs_at_most_its_limit_of_local_activations()
    {
        await using var cluster = await TestClusters.StartAsync();
        var (log, gate) = (Probe.NewName(), Probe.NewName());
        var worker = cluster.GrainFactory.GetGrain<IWorkerGrain>("pool");

        var calls = Enumerable.Range(0, 12).Select(_ => worker.Work(log, gate)).ToArray();
        await Eventually.True(() => Probe.Entries(log).Count == 3, "three workers take calls at once");
        Probe.Open(gate);
        var ids = await Eventually.Within(Task.WhenAll(calls), "all worker calls");

        Assert.Equal(12, ids.Length);
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_one_way_call_returns_before_the_grain_runs_and_its_failure_stays_with_the_grain()
    {
        await using var cluster = await TestClusters.StartAsync();
        var (log, gate) = (Probe.NewName(), Probe.NewName());
        var worker = cluster.GrainFactory.GetGrain<IWorkerGrain>(Probe.NewName());

        var call = worker.FireAndForget(log, gate, fail: true);
        Assert.True(call.IsCompletedSuccessfully);
        Probe.Open(gate);

        await Eventually.True(() => Probe.Entries(log).Contains("ran"), "the one-way call runs");
    }
}
