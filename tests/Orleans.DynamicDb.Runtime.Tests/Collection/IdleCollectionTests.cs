using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Collection;

/// <summary>LifecycleGrain has [CollectionAgeLimit(Seconds = 10)]; the clock is manual and the collector runs every second.</summary>
public sealed class IdleCollectionTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task An_idle_grain_is_deactivated_once_after_its_collection_age()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var first = await grain.GetActivationId();

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, Probe.Count(key, "deactivated:ActivationIdle"));
        _time.Advance(TimeSpan.FromSeconds(6));
        await Eventually.True(() => Probe.Count(key, "deactivated:ActivationIdle") == 1, "the idle grain is collected");
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.NotEqual(first, await grain.GetActivationId());
        Assert.Equal(1, Probe.Count(key, "deactivated:ActivationIdle"));
    }

    [Fact]
    public async Task Calls_keep_a_grain_from_being_collected()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var first = await grain.GetActivationId();

        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(first, await grain.GetActivationId());
        }

        Assert.Equal(0, Probe.Count(key, "deactivated:ActivationIdle"));
    }

    [Fact]
    public async Task DelayDeactivation_keeps_an_idle_grain_alive_for_the_time_asked()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        await grain.KeepAliveFor(TimeSpan.FromSeconds(60));

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(0, Probe.Count(key, "deactivated:ActivationIdle"));
        _time.Advance(TimeSpan.FromSeconds(11));

        await Eventually.True(() => Probe.Count(key, "deactivated:ActivationIdle") == 1, "the grain is collected once the delay has passed");
    }

    [Fact]
    public async Task The_class_specific_age_from_options_overrides_the_attribute()
    {
        await using var cluster = await StartAsync(o => o.ClassSpecificCollectionAge[typeof(LifecycleGrain).FullName!] = TimeSpan.FromSeconds(100));
        var key = Probe.NewName();
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>(key).GetActivationId();

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(0, Probe.Count(key, "deactivated:ActivationIdle"));
        _time.Advance(TimeSpan.FromSeconds(51));

        await Eventually.True(() => Probe.Count(key, "deactivated:ActivationIdle") == 1, "the grain is collected after the configured age");
    }

    [Fact]
    public async Task A_grain_without_an_age_of_its_own_uses_the_default_collection_age()
    {
        await using var cluster = await StartAsync(o => o.CollectionAge = TimeSpan.FromMinutes(2));
        var key = Probe.NewName();
        await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Ping();

        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(0, Probe.Count(key, "deactivated:ActivationIdle"));
        _time.Advance(TimeSpan.FromSeconds(21));

        await Eventually.True(() => Probe.Count(key, "deactivated:ActivationIdle") == 1, "the grain is collected after the default age");
    }

    private Task<Testing.TestCluster> StartAsync(Action<GrainCollectionOptions>? configure = null) => TestClusters.StartAsync(silo =>
    {
        silo.Services.AddSingleton<TimeProvider>(_time);
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionQuantum = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
    });
}
