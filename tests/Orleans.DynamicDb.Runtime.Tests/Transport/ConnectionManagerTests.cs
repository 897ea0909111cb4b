using System.Net;
using Orleans.DynamicDb.Runtime.Transport;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

public sealed class ConnectionManagerTests
{
    [Fact]
    public async Task Concurrent_callers_share_one_connection_per_silo()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var manager = new ConnectionManager(Loopback.Client());
        var silo = Loopback.AddressOf(listener);

        var connections = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => manager.GetConnectionAsync(silo).AsTask())));

        Assert.Single(connections.Distinct());
        Assert.Equal(1, manager.Count);
        await Eventually.True(() => listener.Connections.Count == 1, "the silo seeing one connection");
    }

    [Fact]
    public async Task A_connection_is_opened_again_after_the_silo_comes_back_on_its_endpoint()
    {
        var handler = new TestHandler();
        var listener = Loopback.Silo(handler);
        var silo = Loopback.AddressOf(listener);
        await using var manager = new ConnectionManager(Loopback.Client());
        var first = await manager.GetConnectionAsync(silo);
        var pending = first.SendRequestAsync(TestHandler.Request(TestHandler.Block));
        await handler.WaitForBlockedAsync(1);

        await listener.DisposeAsync();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => Eventually.Within(pending, "the failed request"));
        await using var restarted = Loopback.Silo(new TestHandler(), port: silo.Port);
        var response = await manager.SendRequestAsync(silo, TestHandler.Request(TestHandler.Echo, "again"));

        Assert.Equal("again", response.Result);
        Assert.NotSame(first, await manager.GetConnectionAsync(silo));
        Assert.True(first.IsClosed);
    }

    [Fact]
    public async Task A_failed_connect_is_reported_and_the_next_call_tries_again()
    {
        var port = FreePort.Next();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        await using var manager = new ConnectionManager(Loopback.Client());

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => manager.GetConnectionAsync(endPoint).AsTask());
        Assert.Contains(endPoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, manager.Count);

        await using var listener = Loopback.Silo(new TestHandler(), port: port);
        var connection = await manager.GetConnectionAsync(endPoint);

        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Asking_for_a_silo_whose_endpoint_now_hosts_a_later_generation_fails_with_SiloUnavailableException()
    {
        await using var listener = Loopback.Silo(new TestHandler(), generation: 2);
        await using var manager = new ConnectionManager(Loopback.Client());
        var dead = Loopback.AddressOf(listener.EndPoint, generation: 1);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => manager.GetConnectionAsync(dead).AsTask());

        Assert.Contains($"Silo {dead} is gone", error.Message, StringComparison.Ordinal);
        Assert.Contains("@2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_manager_closes_its_connections()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        var manager = new ConnectionManager(Loopback.Client());
        var connection = await manager.GetConnectionAsync(Loopback.AddressOf(listener));

        await manager.DisposeAsync();

        Assert.True(connection.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => manager.GetConnectionAsync(listener.EndPoint).AsTask());
        await Eventually.True(() => listener.Connections.Count == 0, "the silo seeing the connection close");
    }
}
