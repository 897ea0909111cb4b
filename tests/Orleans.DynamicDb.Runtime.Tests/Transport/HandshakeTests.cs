using System.Net;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Transport;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

public sealed class HandshakeTests
{
    [Fact]
    public async Task A_client_of_another_protocol_version_is_told_why_and_disconnected()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var peer = await RawPeer.ConnectAsync(listener.EndPoint);

        await peer.SendHandshakeAsync(PeerIdentity.ForClient("future"), version: 2);
        var answer = await peer.ReadFrameAsync();

        Assert.Equal(FrameKind.Error, answer!.Kind);
        var (error, message) = EnvelopeCodec.DecodeError(answer.ToFrame());
        Assert.Equal(TransportError.VersionMismatch, error);
        Assert.Contains("speaks version 2, this side speaks version 1", message, StringComparison.Ordinal);
        Assert.Null(await peer.ReadFrameAsync());
        Assert.Empty(listener.Connections);
    }

    [Fact]
    public async Task Connecting_to_a_silo_of_another_protocol_version_fails_with_VersionMismatch_and_tells_the_silo()
    {
        using var server = RawPeer.Listen();
        var accepting = RawPeer.AcceptAsync(server);
        var connecting = Connection.ConnectAsync((IPEndPoint)server.LocalEndpoint, Loopback.Client());
        await using var peer = await accepting;
        await peer.ReadFrameAsync();

        await peer.SendHandshakeAsync(PeerIdentity.ForSilo(new SiloAddress("127.0.0.1", 1, 1)), version: 9);

        var error = await Assert.ThrowsAsync<TransportException>(() => connecting);
        Assert.Equal(TransportError.VersionMismatch, error.Error);
        Assert.Contains("speaks version 9", error.Message, StringComparison.Ordinal);
        var told = await peer.ReadFrameAsync();
        Assert.Equal(FrameKind.Error, told!.Kind);
    }

    [Fact]
    public async Task A_silo_that_refuses_the_handshake_reports_its_reason_to_the_caller()
    {
        using var server = RawPeer.Listen();
        var accepting = RawPeer.AcceptAsync(server);
        var connecting = Connection.ConnectAsync((IPEndPoint)server.LocalEndpoint, Loopback.Client());
        await using var peer = await accepting;
        await peer.ReadFrameAsync();

        await peer.SendAsync(EnvelopeCodec.EncodeError(TransportError.HandshakeFailed, "clients are not welcome here"));

        var error = await Assert.ThrowsAsync<TransportException>(() => connecting);
        Assert.Equal(TransportError.HandshakeFailed, error.Error);
        Assert.Contains("clients are not welcome here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_sends_a_request_before_its_handshake_is_refused()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var peer = await RawPeer.ConnectAsync(listener.EndPoint);

        await peer.SendAsync(EnvelopeCodec.EncodeSignal(FrameKind.Ping, 1));
        var answer = await peer.ReadFrameAsync();

        Assert.Equal(FrameKind.Error, answer!.Kind);
        Assert.Contains("before its handshake", EnvelopeCodec.DecodeError(answer.ToFrame()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_never_completes_the_handshake_is_dropped_after_the_handshake_timeout()
    {
        var time = new ManualTimeProvider();
        await using var listener = Loopback.Silo(new TestHandler(), options: Loopback.Options(o => o.HandshakeTimeout = TimeSpan.FromSeconds(5)), time: time);
        await using var peer = await RawPeer.ConnectAsync(listener.EndPoint);
        var answer = peer.ReadFrameAsync();

        // The accept and the handshake's timer start asynchronously: keep moving the clock until the peer is dropped.
        await Eventually.True(() =>
        {
            time.Advance(TimeSpan.FromSeconds(6));
            return answer.IsCompleted;
        }, "the silent peer being dropped");

        Assert.Null(await answer);
        Assert.Empty(listener.Connections);
    }
}
