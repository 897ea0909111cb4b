using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

/// <summary>
/// One end of a TCP connection driven by hand, frame by frame: to play a peer of another protocol version, a peer
/// that stops reading, or one that never answers.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawPeer(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return new RawPeer(socket);
    }

    public static async Task<RawPeer> AcceptAsync(TcpListener listener) => new(await listener.AcceptSocketAsync());

    /// <summary>A listener whose accepted sockets keep a small, fixed receive buffer (no autotuning), so a peer that stops reading stalls its sender quickly.</summary>
    public static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Server.ReceiveBufferSize = 64 * 1024;
        listener.Start();
        return listener;
    }

    public async Task SendAsync(OutboundFrame frame)
    {
        try
        {
            await _stream.WriteAsync(frame.Memory);
        }
        finally
        {
            frame.Release();
        }
    }

    public Task SendBytesAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendHandshakeAsync(PeerIdentity identity, byte version = 1) => SendAsync(EnvelopeCodec.EncodeHandshake(identity, version));

    /// <summary>Reads one frame, or returns null when the other side closed the connection.</summary>
    public async Task<RawFrame?> ReadFrameAsync()
    {
        var prefix = new byte[4];
        if (!await FillAsync(prefix))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
        if (!await FillAsync(body))
        {
            return null;
        }

        return new RawFrame(body[0], (FrameKind)body[1], BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(2)), body[10..]);
    }

    /// <summary>Reads and discards everything until the other side closes.</summary>
    public async Task DrainAsync()
    {
        var buffer = new byte[256 * 1024];
        while (await _stream.ReadAsync(buffer) > 0)
        {
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async Task<bool> FillAsync(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}

internal sealed record RawFrame(byte Version, FrameKind Kind, long MessageId, byte[] Body)
{
    public Frame ToFrame() => new(Version, Kind, MessageId, new ReadOnlySequence<byte>(Body));
}
