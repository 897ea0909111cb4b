using System.Buffers;
using System.Threading.Channels;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// The write loop and the outbound queue. Small frames are gathered into one buffer per socket write; large ones
/// go out on their own. The queue is bounded: a sender waits when it is full.
/// </summary>
public sealed partial class Connection
{
    private const int CoalesceSize = 64 * 1024;

    private async ValueTask EnqueueAsync(OutboundFrame frame, RequestEnvelope? request, CancellationToken cancellationToken)
    {
        if (_outbound.Writer.TryWrite(frame))
        {
            return;
        }

        try
        {
            await _outbound.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            frame.Release();
            throw request is null ? new SiloUnavailableException($"The connection to {Describe()} is closed.") : Unavailable(request);
        }
        catch
        {
            frame.Release();
            throw;
        }
    }

    /// <summary>Queues a frame if there is room; drops it otherwise (Pongs: the peer hears from us anyway while the queue is full).</summary>
    private void TryEnqueue(OutboundFrame frame)
    {
        if (!_outbound.Writer.TryWrite(frame))
        {
            frame.Release();
        }
    }

    private void TryEnqueueResponse(long messageId, ResponseEnvelope response) =>
        _ = SendResponseAsync(messageId, response);

    private async Task SendResponseAsync(long messageId, ResponseEnvelope response)
    {
        OutboundFrame frame;
        try
        {
            frame = EnvelopeCodec.EncodeResponse(messageId, response, _services.Serializer, _options.MaxFrameSize);
        }
        catch (Exception exception)
        {
            LogResponseNotSerializable(Describe(), messageId, exception);
            return;
        }

        try
        {
            await EnqueueAsync(frame, null, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SiloUnavailableException or OperationCanceledException)
        {
            // The caller's side of the connection learns from the close itself.
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        var batch = ArrayPool<byte>.Shared.Rent(CoalesceSize);
        Exception? cause = null;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var used = 0;
                while (reader.TryRead(out var frame))
                {
                    try
                    {
                        if (frame.Length > batch.Length - used)
                        {
                            if (used > 0)
                            {
                                await SendAllAsync(batch.AsMemory(0, used), _lifetime.Token).ConfigureAwait(false);
                                used = 0;
                            }

                            if (frame.Length > batch.Length / 2)
                            {
                                await SendAllAsync(frame.Memory, _lifetime.Token).ConfigureAwait(false);
                                continue;
                            }
                        }

                        frame.Memory.CopyTo(batch.AsMemory(used));
                        used += frame.Length;
                    }
                    finally
                    {
                        frame.Release();
                    }
                }

                if (used > 0)
                {
                    await SendAllAsync(batch.AsMemory(0, used), _lifetime.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            cause = exception;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
            while (reader.TryRead(out var dropped))
            {
                dropped.Release();
            }
        }

        if (cause is not null)
        {
            Close(cause);
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, System.Net.Sockets.SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }
}
