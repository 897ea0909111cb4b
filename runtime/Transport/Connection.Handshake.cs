using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>Opening a connection: TCP connect or accept, then the handshake, then the loops start.</summary>
public sealed partial class Connection
{
    /// <summary>Marks a handshake failure that came as an Error frame from the peer: no Error frame is sent back.</summary>
    private const string PeerRefused = "peer-refused";

    /// <summary>
    /// Connects to <paramref name="endpoint"/> and exchanges handshakes. Fails with <see cref="SiloUnavailableException"/>
    /// when nothing accepts the connection in <see cref="TransportOptions.ConnectTimeout"/>, and with
    /// <see cref="TransportException"/> when the peer speaks another protocol version or the handshake fails.
    /// </summary>
    public static async Task<Connection> ConnectAsync(IPEndPoint endpoint, TransportServices services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(services);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var timeout = new CancellationTokenSource(services.Options.ConnectTimeout, services.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                await socket.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException || (exception is OperationCanceledException && timeout.IsCancellationRequested))
            {
                socket.Dispose();
                var why = exception is SocketException socketError ? socketError.Message : $"no answer within {services.Options.ConnectTimeout}";
                throw new SiloUnavailableException($"Cannot connect to {endpoint}: {why}.", exception);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var connection = new Connection(socket, services, isOutbound: true);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Takes over a socket a listener accepted: waits for the peer's handshake, answers it, starts the loops.</summary>
    internal static async Task<Connection> AcceptAsync(Socket socket, TransportServices services, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        var connection = new Connection(socket, services, isOutbound: false);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _services.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _lifetime.Token);
            try
            {
                await HandshakeAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (timeout.IsCancellationRequested)
            {
                throw new TransportException(TransportError.HandshakeFailed, $"No handshake from {RemoteEndPoint} within {_options.HandshakeTimeout}.", exception);
            }
        }
        catch (Exception exception)
        {
            Close(exception);
            LogHandshakeFailed(RemoteEndPoint, IsOutbound, exception.Message);
            await _input.CompleteAsync().ConfigureAwait(false);
            throw exception is TransportException or OperationCanceledException
                ? exception
                : new SiloUnavailableException($"The handshake with {RemoteEndPoint} failed: {exception.Message}", exception);
        }

        Start();
        LogEstablished(Describe(), IsOutbound);
    }

    /// <summary>The side that connected speaks first; the accepting side checks and answers.</summary>
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        if (IsOutbound)
        {
            await SendDirectAsync(EnvelopeCodec.EncodeHandshake(LocalIdentity), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            RemoteIdentity = await ReadHandshakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException exception) when (exception.Error != TransportError.Truncated && !exception.Data.Contains(PeerRefused))
        {
            // Tell the peer why before closing: Error frames are readable whatever its protocol version.
            await TrySendDirectAsync(EnvelopeCodec.EncodeError(exception.Error, exception.Message), cancellationToken).ConfigureAwait(false);
            throw;
        }

        if (!IsOutbound)
        {
            await SendDirectAsync(EnvelopeCodec.EncodeHandshake(LocalIdentity), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PeerIdentity> ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameReader.TryRead(ref buffer, _options.MaxFrameSize, out var frame))
            {
                var identity = ParseHandshake(frame);
                _input.AdvanceTo(buffer.Start);
                return identity;
            }

            if (result.IsCompleted)
            {
                throw new TransportException(TransportError.Truncated, $"{RemoteEndPoint} closed the connection during the handshake.");
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private PeerIdentity ParseHandshake(in Frame frame)
    {
        if (frame.Kind == FrameKind.Error)
        {
            var (error, message) = EnvelopeCodec.DecodeError(frame);
            var refused = new TransportException(error, $"{RemoteEndPoint} refused the connection: {message}");
            refused.Data[PeerRefused] = true;
            throw refused;
        }

        if (frame.Kind != FrameKind.Handshake)
        {
            throw new TransportException(TransportError.ProtocolViolation, $"{RemoteEndPoint} sent a {frame.Kind} frame before its handshake.");
        }

        if (frame.Version != FrameLayout.ProtocolVersion)
        {
            throw new TransportException(
                TransportError.VersionMismatch,
                $"Protocol version mismatch: {RemoteEndPoint} speaks version {frame.Version}, this side speaks version {FrameLayout.ProtocolVersion}.");
        }

        return EnvelopeCodec.DecodeHandshake(frame);
    }

    /// <summary>Writes a frame straight to the socket; only while the write loop is not running.</summary>
    private async Task SendDirectAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await SendAllAsync(frame.Memory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            frame.Release();
        }
    }

    private async Task TrySendDirectAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await SendDirectAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already; the local error is what matters.
        }
    }
}
