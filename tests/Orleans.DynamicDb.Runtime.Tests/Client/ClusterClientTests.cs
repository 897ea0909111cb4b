using Orleans.DynamicDb.Runtime.Invocation;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Client;

/// <summary>A remote client calling grains of a three-silo cluster through its gateways.</summary>
public sealed class ClusterClientTests : ClientClusterFixture
{
    [Fact]
    public async Task A_client_call_returns_the_grains_result()
    {
        var client = await MembershipClientAsync();
        var key = Probe.NewName();

        Assert.Equal("hello", await client.GetGrain<IEchoGrain>(key).Echo("hello"));
        Assert.Equal(1, await client.GetGrain<ICounterGrain>(key).Increment());
        Assert.Equal(2, await client.GetGrain<ICounterGrain>(key).Increment());
        Assert.Equal(2, await client.GetGrain<ICounterGrain>(key).GetValueTask());
        await client.GetGrain<ICounterGrain>(key).PingValueTask();
    }

    [Fact]
    public async Task An_exception_thrown_by_a_grain_reaches_the_client_with_its_type_and_message()
    {
        var client = await MembershipClientAsync();
        var counter = client.GetGrain<ICounterGrain>(Probe.NewName());

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Fail("it broke"));
        var failedSynchronously = await Assert.ThrowsAsync<ArgumentException>(() => counter.FailSynchronously("bad argument"));

        Assert.Equal("it broke", failed.Message);
        Assert.StartsWith("bad argument", failedSynchronously.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grain_called_by_the_client_calls_other_grains_anywhere_in_the_cluster()
    {
        var client = await MembershipClientAsync();
        var located = Probe.NewName();

        var results = new List<(int Count, string Silo)>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await client.GetGrain<IRelayGrain>(Probe.NewName()).IncrementLocated(located));
        }

        Assert.Equal([1, 2, 3, 4, 5, 6], results.Select(r => r.Count));
        Assert.Single(results.Select(r => r.Silo).Distinct());
    }

    [Fact]
    public async Task The_client_and_the_silos_reach_the_same_single_activation()
    {
        var client = await MembershipClientAsync();
        var key = Probe.NewName("one");

        var fromClient = client.GetGrain<ILocatedGrain>(key);
        var fromSilos = Cluster.Silos.Select(s => InSilo(s).GetGrain<ILocatedGrain>(key)).ToList();

        var ids = await Eventually.Within(
            Task.WhenAll(Enumerable.Range(0, 200).Select(i => i % 4 == 3 ? fromSilos[i % 3].GetActivationId() : fromClient.GetActivationId())),
            "the concurrent first calls");

        Assert.Single(ids.Distinct());
        Assert.Equal(1, Probe.Count(key, "constructed"));
    }

    [Fact]
    public async Task The_client_names_grains_as_the_silos_do()
    {
        var client = await MembershipClientAsync();
        var key = Probe.NewName();

        var fromClient = (GrainReference)(object)client.GetGrain<ILocatedGrain>(key);
        var fromSilo = (GrainReference)(object)InSilo(Cluster.Primary).GetGrain<ILocatedGrain>(key);

        Assert.Equal(fromSilo.GrainId, fromClient.GrainId);
        Assert.Equal(new GrainId("located", key), fromClient.GrainId);
    }

    [Fact]
    public async Task The_client_spreads_its_calls_over_every_gateway()
    {
        var client = await MembershipClientAsync();

        await Eventually.True(() => client.Gateways.Count == 3, "the client learns the three gateways");
        for (var i = 0; i < 6; i++)
        {
            await client.GetGrain<ICounterGrain>(Probe.NewName()).Increment();
        }

        Assert.All(Cluster.Silos, s => Assert.False(client.GatewayManager.IsDown(EndPointOf(s))));
    }
}
