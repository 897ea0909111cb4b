using System.Net;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Transport;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

/// <summary>
/// A peer that stops reading: the kernel buffers fill (a few MiB at most), then the outbound queue, then senders
/// wait. 1,000 frames of 32 KiB (32 MiB) cannot all fit anywhere, so most senders must end up waiting.
/// </summary>
public sealed class BackPressureTests
{
    private const int Senders = 1_000;

    [Fact]
    public async Task Senders_wait_when_the_peer_stops_reading_and_the_queue_never_grows_past_its_capacity()
    {
        const int capacity = 4;
        await using var stalled = await StalledPeer.StartAsync(capacity);
        var connection = stalled.Connection;
        var payload = new byte[32 * 1024];

        var sends = Enumerable.Range(0, Senders).Select(_ => connection.SendOneWayAsync(TestHandler.Request(TestHandler.Echo, payload)).AsTask()).ToArray();

        await Eventually.True(
            () =>
            {
                Assert.InRange(connection.OutboundQueueLength, 0, capacity);
                return connection.OutboundQueueLength == capacity && sends.Count(s => !s.IsCompleted) >= Senders / 2;
            },
            "senders waiting on a full queue");

        // Once the peer reads again, every waiting sender gets its turn.
        var draining = stalled.Peer.DrainAsync();
        await Eventually.Within(Task.WhenAll(sends), "the waiting senders");
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task A_waiting_sender_can_give_up_without_harming_the_connection()
    {
        await using var stalled = await StalledPeer.StartAsync(capacity: 1);
        var connection = stalled.Connection;
        using var cancel = new CancellationTokenSource();
        var payload = new byte[32 * 1024];
        var sends = Enumerable.Range(0, Senders).Select(_ => connection.SendOneWayAsync(TestHandler.Request(TestHandler.Echo, payload), cancel.Token).AsTask()).ToArray();
        await Eventually.True(() => sends.Count(s => !s.IsCompleted) >= Senders / 2, "senders waiting on a full queue");

        await cancel.CancelAsync();

        await Task.WhenAll(sends).ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.True(sends.Count(s => s.IsCanceled) >= Senders / 2);
        Assert.False(connection.IsClosed);
        Assert.InRange(connection.OutboundQueueLength, 0, 1);
    }

    /// <summary>A connection to a raw peer that completed the handshake and then reads nothing.</summary>
    private sealed class StalledPeer : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _server;

        private StalledPeer(System.Net.Sockets.TcpListener server, RawPeer peer, Connection connection)
        {
            _server = server;
            Peer = peer;
            Connection = connection;
        }

        public RawPeer Peer { get; }

        public Connection Connection { get; }

        public static async Task<StalledPeer> StartAsync(int capacity)
        {
            var server = RawPeer.Listen();
            var accepting = RawPeer.AcceptAsync(server);
            var options = Loopback.Options(o => o.OutboundQueueCapacity = capacity);
            var connecting = Connection.ConnectAsync((IPEndPoint)server.LocalEndpoint, Loopback.Client(options: options, time: new ManualTimeProvider()));
            var peer = await accepting;
            await peer.ReadFrameAsync();
            await peer.SendHandshakeAsync(PeerIdentity.ForSilo(new SiloAddress("127.0.0.1", 1, 1)));
            return new StalledPeer(server, peer, await connecting);
        }

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            await Peer.DisposeAsync();
            _server.Stop();
        }
    }
}
