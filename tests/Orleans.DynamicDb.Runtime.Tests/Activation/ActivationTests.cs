using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Activation;

public sealed class ActivationTests
{
    [Fact]
    public async Task A_thousand_concurrent_first_calls_create_exactly_one_activation()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName("single");

        var ids = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => cluster.GrainFactory.GetGrain<ICounterGrain>(key).GetActivationId())));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, Probe.Count(key, "constructed"));
        Assert.Equal(1, Probe.Count(key, "activated"));
    }

    [Fact]
    public async Task Calls_reach_the_grain_through_every_return_shape()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(Probe.NewName());

        await grain.Ping();
        await grain.PingValueTask();
        Assert.Equal(1, await grain.Increment());
        Assert.Equal(1, await grain.GetValueTask());
    }

    [Fact]
    public async Task A_grain_knows_its_string_guid_and_integer_keys()
    {
        await using var cluster = await TestClusters.StartAsync();
        var guid = Guid.NewGuid();

        Assert.Equal("myapp/users", await cluster.GrainFactory.GetGrain<ICounterGrain>("myapp/users").GetKey());
        Assert.Equal(guid, await cluster.GrainFactory.GetGrain<IGuidKeyGrain>(guid).GetKey());
        Assert.Equal(-42L, await cluster.GrainFactory.GetGrain<IIntegerKeyGrain>(-42).GetKey());
        Assert.Equal("myapp/users", cluster.GrainFactory.GetGrain<ICounterGrain>("myapp/users").GetPrimaryKeyString());
    }

    [Fact]
    public async Task References_to_the_same_grain_are_equal_and_name_the_grain_type()
    {
        await using var cluster = await TestClusters.StartAsync();
        var a = cluster.GrainFactory.GetGrain<ICounterGrain>("k");
        var b = cluster.GrainFactory.GetGrain<ICounterGrain>("k");

        Assert.Equal(a, b);
        Assert.Equal(new GrainId("counter", "k"), a.GetGrainId());
    }

    [Fact]
    public async Task A_failed_activation_reaches_the_caller_and_the_next_call_activates_again()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName("fail-once");
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetActivationId());
        Assert.Contains("failed on purpose", error.Message, StringComparison.Ordinal);

        await grain.GetActivationId();
        Assert.Equal(2, Probe.Count(key, "activating"));
    }

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_once_and_the_next_call_gets_a_new_activation()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        var first = await grain.GetActivationId();

        await grain.Deactivate();
        await Eventually.True(() => Probe.Count(key, "deactivated:ApplicationRequested") == 1, "the grain deactivates after its turn");
        var second = await grain.GetActivationId();

        Assert.NotEqual(first, second);
        Assert.Equal(1, Probe.Count(key, "deactivated:ApplicationRequested"));
        Assert.Equal(2, Probe.Count(key, "activated"));
    }

    [Fact]
    public async Task Calls_that_arrive_while_a_grain_deactivates_are_served_by_the_next_activation()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        await grain.Increment();

        var deactivate = grain.Deactivate();
        var during = Enumerable.Range(0, 50).Select(_ => grain.Increment()).ToArray();
        await deactivate;
        var results = await Eventually.Within(Task.WhenAll(during), "calls queued during deactivation");

        Assert.Equal(50, results.Length);
        Assert.Equal(1, Probe.Count(key, "deactivated:ApplicationRequested"));
    }
}
