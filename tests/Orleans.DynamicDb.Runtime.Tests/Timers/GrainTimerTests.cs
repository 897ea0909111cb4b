using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Timers;

/// <summary>Timers on a manual clock; LifecycleGrain is collected after 10 idle seconds.</summary>
public sealed class GrainTimerTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task A_timer_ticks_every_period_after_its_due_time()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>(key).StartTimer(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), interleave: false, keepAlive: true);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Probe.Count(key, "tick"));
        for (var expected = 1; expected <= 3; expected++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.True(() => Probe.Count(key, "tick") == expected, $"tick {expected}");
        }
    }

    [Fact]
    public async Task A_timer_tick_waits_for_the_running_call_unless_it_interleaves()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        var gate = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        await grain.StartTimer(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, interleave: false, keepAlive: false);

        var held = grain.Hold("call", gate);
        await Eventually.True(() => Probe.Entries(key).Contains("call:start"), "the call holds the grain");
        _time.Advance(TimeSpan.FromSeconds(1));
        Probe.Open(gate);
        await held;
        await Eventually.True(() => Probe.Count(key, "tick") == 1, "the tick runs after the call");

        Assert.Equal(["call:start", "call:end", "tick"], Probe.Entries(key).Where(e => e != "activating"));
    }

    [Fact]
    public async Task An_interleaving_timer_ticks_while_a_call_holds_the_grain()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        var gate = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        await grain.StartTimer(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, interleave: true, keepAlive: false);

        var held = grain.Hold("call", gate);
        await Eventually.True(() => Probe.Entries(key).Contains("call:start"), "the call holds the grain");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => Probe.Count(key, "tick") == 1, "the tick interleaves");
        Probe.Open(gate);
        await held;

        Assert.Equal(["call:start", "tick", "call:end"], Probe.Entries(key).Where(e => e != "activating"));
    }

    [Fact]
    public async Task A_timer_does_not_keep_its_grain_alive_unless_asked_to()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>(key).StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), interleave: false, keepAlive: false);

        await AdvanceTicking(key, seconds: 12);

        await Eventually.True(() => Probe.Count(key, "deactivated:ActivationIdle") == 1, "the grain is collected although its timer ticks");
    }

    [Fact]
    public async Task A_keep_alive_timer_keeps_its_grain_active()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>(key).StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), interleave: false, keepAlive: true);

        await AdvanceTicking(key, seconds: 30);

        Assert.Equal(0, Probe.Count(key, "deactivated:ActivationIdle"));
    }

    /// <summary>Advances one second at a time, waiting for each tick, so no tick is skipped.</summary>
    private async Task AdvanceTicking(string key, int seconds)
    {
        for (var i = 1; i <= seconds; i++)
        {
            var before = Probe.Count(key, "tick");
            _time.Advance(TimeSpan.FromSeconds(1));
            if (Probe.Count(key, "deactivated:ActivationIdle") > 0)
            {
                return;
            }

            await Eventually.True(() => Probe.Count(key, "tick") > before || Probe.Count(key, "deactivated:ActivationIdle") > 0, $"tick at second {i}");
        }
    }

    private Task<Testing.TestCluster> StartAsync() => TestClusters.StartAsync(silo =>
    {
        silo.Services.AddSingleton<TimeProvider>(_time);
        silo.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(1));
    });
}
