using System.Net;
using Orleans.DynamicDb.Runtime.Testing;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Client;

/// <summary>What a remote client does when gateways die or cannot be reached.</summary>
public sealed class GatewayFailoverTests : ClientClusterFixture
{
    [Fact]
    public async Task The_client_keeps_working_after_its_gateway_silo_dies()
    {
        var client = await MembershipClientAsync();
        await Eventually.True(() => client.Gateways.Count == 3, "the client learns the three gateways");
        for (var i = 0; i < 3; i++)
        {
            await client.GetGrain<ICounterGrain>(Probe.NewName()).Increment();
        }

        var victim = Cluster.Silos.Single(s => EndPointOf(s).Equals(client.Gateways[0]));
        var dead = TestCluster.AddressOf(victim);
        await Cluster.KillSiloAsync(victim);
        await Eventually.True(() => Cluster.Silos.All(s => TestCluster.MembershipOf(s).IsDead(dead)), "the survivors declare the killed silo dead");

        for (var i = 0; i < 6; i++)
        {
            var where = await client.GetGrain<ILocatedGrain>(Probe.NewName()).WhereAmI();
            Assert.NotEqual(dead.ToParsableString(), where);
        }

        await Eventually.True(() => !client.Gateways.Contains(dead.EndPoint), "the client drops the dead gateway from its list");
    }

    [Fact]
    public async Task A_call_in_flight_through_a_gateway_that_dies_fails_fast_and_the_gateway_is_left_out()
    {
        var victim = Cluster.Silos[0];
        var gateway = EndPointOf(victim);
        var client = await StaticClientAsync(gateway);
        var (key, gate) = (Probe.NewName(), Probe.NewName());

        var call = client.GetGrain<ILocatedGrain>(key).Hold(gate);
        await Eventually.True(() => Probe.Count(key, "constructed") == 1, "the held call reaches its grain");
        await Cluster.KillSiloAsync(victim);

        var error = await Eventually.Within(Assert.ThrowsAsync<SiloUnavailableException>(() => call), "the failed call", TimeSpan.FromSeconds(10));
        Assert.Contains(gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.True(client.GatewayManager.IsDown(gateway));
        Probe.Open(gate);
    }

    [Fact]
    public async Task After_a_call_fails_in_flight_the_next_call_goes_through_another_gateway()
    {
        var victim = Cluster.Silos[0];
        var survivor = Cluster.Silos[1];
        var (gateway, dead) = (EndPointOf(victim), TestCluster.AddressOf(victim));
        var client = await StaticClientAsync(gateway, EndPointOf(survivor));
        var gate = Probe.NewName();

        // Round robin: two calls in a row go through both gateways.
        var keys = new[] { Probe.NewName(), Probe.NewName() };
        var held = keys.Select(k => client.GetGrain<ILocatedGrain>(k).Hold(gate)).ToList();
        await Eventually.True(() => keys.All(k => Probe.Count(k, "constructed") == 1), "the held calls reach their grains");
        await Cluster.KillSiloAsync(victim);
        await Eventually.True(() => held.Any(c => c.Exception?.InnerException is SiloUnavailableException), "the call through the dead gateway fails");
        Assert.True(client.GatewayManager.IsDown(gateway));
        await Eventually.True(() => TestCluster.MembershipOf(survivor).IsDead(dead), "the survivor declares the killed silo dead");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1, await client.GetGrain<ICounterGrain>(Probe.NewName()).Increment());
        }

        Probe.Open(gate);
    }

    [Fact]
    public async Task A_static_gateway_list_with_an_unreachable_endpoint_still_works()
    {
        var unreachable = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        var client = await StaticClientAsync(unreachable, EndPointOf(Cluster.Silos[0]), EndPointOf(Cluster.Silos[1]));

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(1, await client.GetGrain<ICounterGrain>(Probe.NewName()).Increment());
        }

        Assert.True(client.GatewayManager.IsDown(unreachable));
    }
}
