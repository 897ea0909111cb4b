using System.Net;
using Orleans.DynamicDb.Runtime.Client;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Client;

/// <summary>Building and connecting a client, without a cluster.</summary>
public sealed class ClientBuilderTests
{
    [Fact]
    public async Task Connecting_when_no_gateway_is_reachable_fails_naming_every_endpoint_tried()
    {
        var first = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        var second = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        await using var client = new ClientBuilder().UseStaticClustering(first, second).Build();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.ConnectAsync());

        Assert.Contains("No gateway of the cluster is reachable", error.Message, StringComparison.Ordinal);
        Assert.Contains(first.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(second.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_call_before_connecting_fails_with_a_clear_error()
    {
        await using var client = new ClientBuilder().UseStaticClustering(new IPEndPoint(IPAddress.Loopback, FreePort.Next())).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetGrain<ICounterGrain>("k").Increment());

        Assert.Contains("ConnectAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Building_without_a_way_to_find_the_cluster_fails()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ClientBuilder().Build());

        Assert.Contains("UseStaticClustering", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_option_stops_the_build_naming_the_setting()
    {
        var builder = new ClientBuilder()
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, 1))
            .Configure<ClientOptions>(o => o.GatewayRetryPeriod = TimeSpan.Zero);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build());

        Assert.Contains("Orleans:Client:GatewayRetryPeriod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_clustering_without_a_connection_string_stops_the_build()
    {
        var builder = new ClientBuilder().UseRedisClustering(o => o.ConnectionString = string.Empty);

        var error = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
