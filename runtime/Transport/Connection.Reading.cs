using System.Buffers;
using System.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>The read loop: cuts frames off the input and acts on each; requests go to the handler on the thread pool.</summary>
public sealed partial class Connection
{
    private long _lastReceived;

    private async Task ReadLoopAsync()
    {
        Exception cause;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_lifetime.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    Volatile.Write(ref _lastReceived, _services.TimeProvider.GetTimestamp());
                }

                while (FrameReader.TryRead(ref buffer, _options.MaxFrameSize, out var frame))
                {
                    OnFrame(frame);
                }

                if (result.IsCompleted)
                {
                    cause = buffer.IsEmpty
                        ? new IOException("the peer closed the connection")
                        : new TransportException(TransportError.Truncated, $"the peer closed the connection in the middle of a frame ({buffer.Length} bytes left over)");
                    break;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (TransportException exception)
        {
            LogProtocolViolation(Describe(), exception.Error, exception.Message);
            cause = exception;
        }
        catch (Exception exception)
        {
            cause = exception;
        }

        Close(cause);
    }

    private void OnFrame(in Frame frame)
    {
        switch (frame.Kind)
        {
            case FrameKind.Request:
            case FrameKind.OneWayRequest:
                OnRequest(frame);
                break;
            case FrameKind.Response:
                var response = EnvelopeCodec.DecodeResponse(frame, _services.Serializer);
                if (_pending.TryRemove(frame.MessageId, out var pending))
                {
                    pending.TrySetResult(response);
                }
                else
                {
                    LogUnknownResponse(Describe(), frame.MessageId);
                }

                break;
            case FrameKind.Ping:
                ExpectEmpty(frame);
                TryEnqueue(EnvelopeCodec.EncodeSignal(FrameKind.Pong, frame.MessageId));
                break;
            case FrameKind.Pong:
                ExpectEmpty(frame);
                break;
            case FrameKind.Error:
                var (error, message) = EnvelopeCodec.DecodeError(frame);
                throw new TransportException(error, $"the peer reported: {message}");
            default:
                throw new TransportException(TransportError.ProtocolViolation, $"a {frame.Kind} frame after the handshake");
        }
    }

    private void OnRequest(in Frame frame)
    {
        var request = EnvelopeCodec.DecodeRequest(frame, _services.Serializer, out var argumentsError);
        request.Sender = RemoteIdentity;
        if (argumentsError is not null)
        {
            LogRequestNotDeserializable(Describe(), request.ToString(), argumentsError.Message);
            if (!request.IsOneWay)
            {
                TryEnqueueResponse(request.MessageId, ResponseEnvelope.Failed(
                    new SerializationException($"The arguments of {request} could not be read on {LocalIdentity}: {argumentsError.Message}", argumentsError)));
            }

            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Connection.HandleAsync(state.Request), (Connection: this, Request: request), preferLocal: false);
    }

    private async Task HandleAsync(RequestEnvelope request)
    {
        var handler = _services.Handler;
        if (request.IsOneWay)
        {
            try
            {
                if (handler is not null)
                {
                    await handler.HandleOneWayAsync(request, _lifetime.Token).ConfigureAwait(false);
                }
            }
            catch (Exception exception)
            {
                LogOneWayFailed(Describe(), request.ToString(), exception);
            }

            return;
        }

        ResponseEnvelope response;
        try
        {
            response = handler is null
                ? ResponseEnvelope.Rejected(RejectionReason.SiloUnavailable, $"{LocalIdentity} does not accept requests.")
                : await handler.HandleRequestAsync(request, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            response = ResponseEnvelope.Failed(exception);
        }

        await SendResponseAsync(request.MessageId, response).ConfigureAwait(false);
    }

    private static void ExpectEmpty(in Frame frame)
    {
        if (!frame.Body.IsEmpty)
        {
            throw new TransportException(TransportError.ProtocolViolation, $"a {frame.Kind} frame with {frame.Body.Length} unexpected bytes");
        }
    }
}
