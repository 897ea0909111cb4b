using System.Net;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Transport;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task When_the_remote_silo_dies_pending_requests_fail_fast_with_SiloUnavailableException_naming_the_endpoint()
    {
        var handler = new TestHandler();
        var listener = Loopback.Silo(handler);
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());
        var pending = Enumerable.Range(0, 20)
            .Select(_ => connection.SendRequestAsync(TestHandler.Timed(TimeSpan.FromSeconds(60), TestHandler.Block)))
            .ToArray();
        await handler.WaitForBlockedAsync(pending.Length);

        await listener.DisposeAsync();

        foreach (var request in pending)
        {
            // The guard is only there so a bug fails the test instead of hanging it; the request timeout is 60 s.
            var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => Eventually.Within(request, "the failed request"));
            Assert.Contains(listener.EndPoint.ToString(), error.Message, StringComparison.Ordinal);
            Assert.Contains("ITestGrain#2 to grain test/key", error.Message, StringComparison.Ordinal);
        }

        Assert.True(connection.IsClosed);
        Assert.IsType<SiloUnavailableException>(connection.CloseReason);
    }

    [Fact]
    public async Task A_request_sent_on_a_closed_connection_fails_at_once()
    {
        var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());
        await listener.DisposeAsync();
        await Eventually.Within(connection.Closed, "the connection noticing the close");

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, 1)));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => connection.SendOneWayAsync(TestHandler.Request(TestHandler.Echo, 1)).AsTask());

        Assert.Contains(listener.EndPoint.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_connection_fails_its_pending_requests()
    {
        var handler = new TestHandler();
        await using var listener = Loopback.Silo(handler);
        var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());
        var pending = connection.SendRequestAsync(TestHandler.Request(TestHandler.Block));
        await handler.WaitForBlockedAsync(1);

        await connection.DisposeAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => pending);
        Assert.Contains("closed by this side", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_goes_silent_is_declared_dead_after_the_ping_timeout()
    {
        var time = new ManualTimeProvider();
        using var server = RawPeer.Listen();
        var accepting = RawPeer.AcceptAsync(server);
        var options = Loopback.Options(o => (o.PingInterval, o.PingTimeout) = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)));
        var connecting = Connection.ConnectAsync((IPEndPoint)server.LocalEndpoint, Loopback.Client(options: options, time: time));
        await using var peer = await accepting;
        Assert.Equal(FrameKind.Handshake, (await peer.ReadFrameAsync())!.Kind);
        await peer.SendHandshakeAsync(PeerIdentity.ForSilo(new SiloAddress("127.0.0.1", 1, 1)));
        await using var connection = await connecting;
        var pending = connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, 1));

        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(connection.IsClosed);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(connection.IsClosed);
        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => pending);
        Assert.Contains("PingTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pings_are_sent_while_idle_and_answered_with_pongs()
    {
        var time = new ManualTimeProvider();
        await using var listener = Loopback.Silo(new TestHandler());
        await using var peer = await RawPeer.ConnectAsync(listener.EndPoint);
        await peer.SendHandshakeAsync(PeerIdentity.ForClient("raw"));
        Assert.Equal(FrameKind.Handshake, (await peer.ReadFrameAsync())!.Kind);

        await peer.SendAsync(EnvelopeCodec.EncodeSignal(FrameKind.Ping, 42));
        var pong = await peer.ReadFrameAsync();

        Assert.Equal((FrameKind.Pong, 42L), (pong!.Kind, pong.MessageId));

        var client = Loopback.Client(options: Loopback.Options(o => o.PingInterval = TimeSpan.FromSeconds(1)), time: time);
        using var server = RawPeer.Listen();
        var accepting = RawPeer.AcceptAsync(server);
        var connecting = Connection.ConnectAsync((IPEndPoint)server.LocalEndpoint, client);
        await using var silent = await accepting;
        await silent.ReadFrameAsync();
        await silent.SendHandshakeAsync(PeerIdentity.ForSilo(new SiloAddress("127.0.0.1", 1, 1)));
        await using var connection = await connecting;

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(FrameKind.Ping, (await Eventually.Within(silent.ReadFrameAsync(), "a ping"))!.Kind);
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_fails_with_SiloUnavailableException()
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => Connection.ConnectAsync(endPoint, Loopback.Client()));

        Assert.Contains(endPoint.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_breaks_the_protocol_after_the_handshake_gets_disconnected_and_its_requests_fail()
    {
        using var server = RawPeer.Listen();
        var accepting = RawPeer.AcceptAsync(server);
        var connecting = Connection.ConnectAsync((IPEndPoint)server.LocalEndpoint, Loopback.Client());
        await using var peer = await accepting;
        await peer.ReadFrameAsync();
        await peer.SendHandshakeAsync(PeerIdentity.ForSilo(new SiloAddress("127.0.0.1", 1, 1)));
        await using var connection = await connecting;
        var pending = connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, 1));

        await peer.SendBytesAsync([10, 0, 0, 0, 1, 99, 0, 0, 0, 0, 0, 0, 0, 0]);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => Eventually.Within(pending, "the failed request"));
        Assert.Contains("Unknown frame kind 99", error.Message, StringComparison.Ordinal);
        Assert.IsType<TransportException>(error.InnerException);
    }
}
