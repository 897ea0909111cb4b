using System.Buffers;
using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// Header fields of each frame kind, and their payloads through <see cref="WireSerializer"/>:
/// <list type="bullet">
/// <item>Request / OneWayRequest: grain type, grain key, interface type (strings), method index, timeout in ms
/// (0 = none; unsigned varints), flags (byte); payload: the arguments as one object[].</item>
/// <item>Response: status (byte); Ok: payload = result; Exception: payload = exception; Rejected: reason (byte)
/// and message (string), no payload.</item>
/// <item>Ping / Pong: nothing. Handshake: identity kind (1 silo, 2 client) and identity (string).
/// Error: error code (byte) and message (string).</item>
/// </list>
/// </summary>
internal static class EnvelopeCodec
{
    private const byte SiloIdentity = 1;
    private const byte ClientIdentity = 2;

    public static OutboundFrame EncodeRequest(RequestEnvelope request, FrameKind kind, long messageId, WireSerializer serializer, int maxFrameSize)
    {
        var frame = FrameBuffer.Start(kind, messageId);
        try
        {
            HeaderFields.WriteString(frame, request.Target.Type);
            HeaderFields.WriteString(frame, request.Target.Key);
            HeaderFields.WriteString(frame, request.InterfaceType);
            HeaderFields.WriteVarUInt(frame, (uint)request.MethodIndex);
            HeaderFields.WriteVarUInt(frame, TimeoutMilliseconds(request.Timeout));
            frame.WriteByte((byte)request.Flags);
            serializer.Serialize<object?[]>(request.Arguments, frame);
            return Finish(frame, maxFrameSize, request.ToString());
        }
        catch
        {
            frame.Abandon();
            throw;
        }
    }

    /// <summary>Encodes a response; a result or exception that cannot be serialized (or is too large) becomes an Exception response saying so.</summary>
    public static OutboundFrame EncodeResponse(long messageId, ResponseEnvelope response, WireSerializer serializer, int maxFrameSize)
    {
        try
        {
            return TryEncodeResponse(messageId, response, serializer, maxFrameSize);
        }
        catch (Exception exception) when (exception is SerializationException or TransportException && response.Status != ResponseStatus.Rejected)
        {
            var replacement = ResponseEnvelope.Failed(new SerializationException($"The response could not be sent: {exception.Message}", exception));
            return TryEncodeResponse(messageId, replacement, serializer, maxFrameSize);
        }
    }

    public static OutboundFrame EncodeSignal(FrameKind kind, long messageId) => FrameBuffer.Start(kind, messageId).Complete();

    public static OutboundFrame EncodeHandshake(PeerIdentity identity, byte version = FrameLayout.ProtocolVersion)
    {
        var frame = FrameBuffer.Start(FrameKind.Handshake, 0, version);
        frame.WriteByte(identity.IsClient ? ClientIdentity : SiloIdentity);
        HeaderFields.WriteString(frame, identity.Silo?.ToParsableString() ?? identity.ClientId!);
        return frame.Complete();
    }

    public static OutboundFrame EncodeError(TransportError error, string message)
    {
        var frame = FrameBuffer.Start(FrameKind.Error, 0);
        frame.WriteByte((byte)error);
        HeaderFields.WriteString(frame, message);
        return frame.Complete();
    }

    /// <summary>Reads a request. A header that does not parse is a protocol violation; arguments that do not deserialize are returned in <paramref name="argumentsError"/>.</summary>
    public static RequestEnvelope DecodeRequest(in Frame frame, WireSerializer serializer, out SerializationException? argumentsError)
    {
        var reader = new SequenceReader<byte>(frame.Body);
        var grainType = HeaderFields.ReadString(ref reader, "grain type", intern: true);
        var grainKey = HeaderFields.ReadString(ref reader, "grain key");
        var interfaceType = HeaderFields.ReadString(ref reader, "interface type", intern: true);
        var methodIndex = HeaderFields.ReadVarUInt(ref reader, "method index");
        var timeout = HeaderFields.ReadVarUInt(ref reader, "timeout");
        var flags = HeaderFields.ReadByte(ref reader, "flags");
        if (grainType.Length == 0 || interfaceType.Length == 0 || methodIndex > int.MaxValue)
        {
            throw new TransportException(TransportError.ProtocolViolation, "A request names no grain type, no interface or an impossible method index.");
        }

        object?[] arguments = [];
        argumentsError = null;
        try
        {
            arguments = serializer.Deserialize<object?[]>(reader.UnreadSequence) ?? [];
        }
        catch (SerializationException exception)
        {
            argumentsError = exception;
        }

        return new RequestEnvelope(new GrainId(grainType, grainKey), interfaceType, (int)methodIndex, arguments)
        {
            MessageId = frame.MessageId,
            Timeout = TimeSpan.FromMilliseconds(timeout),
            Flags = (RequestFlags)flags,
            IsOneWay = frame.Kind == FrameKind.OneWayRequest,
        };
    }

    /// <summary>Reads a response. A payload that does not deserialize becomes an Exception response carrying the reason.</summary>
    public static ResponseEnvelope DecodeResponse(in Frame frame, WireSerializer serializer)
    {
        var reader = new SequenceReader<byte>(frame.Body);
        var status = (ResponseStatus)HeaderFields.ReadByte(ref reader, "status");
        try
        {
            switch (status)
            {
                case ResponseStatus.Ok:
                    return ResponseEnvelope.Ok(serializer.Deserialize(reader.UnreadSequence));
                case ResponseStatus.Exception:
                    return ResponseEnvelope.Failed(serializer.Deserialize<Exception>(reader.UnreadSequence)
                        ?? throw new SerializationException("An Exception response carries no exception."));
                case ResponseStatus.Rejected:
                    var reason = (RejectionReason)HeaderFields.ReadByte(ref reader, "rejection reason");
                    var message = HeaderFields.ReadString(ref reader, "rejection message");
                    HeaderFields.ExpectEnd(ref reader, FrameKind.Response);
                    return Enum.IsDefined(reason) && message.Length > 0
                        ? ResponseEnvelope.Rejected(reason, message)
                        : throw new TransportException(TransportError.ProtocolViolation, $"Unknown rejection reason {(byte)reason}.");
                default:
                    throw new TransportException(TransportError.ProtocolViolation, $"Unknown response status {(byte)status}.");
            }
        }
        catch (SerializationException exception)
        {
            return ResponseEnvelope.Failed(new SerializationException($"The response could not be read: {exception.Message}", exception));
        }
    }

    public static PeerIdentity DecodeHandshake(in Frame frame)
    {
        var reader = new SequenceReader<byte>(frame.Body);
        var kind = HeaderFields.ReadByte(ref reader, "identity kind");
        var identity = HeaderFields.ReadString(ref reader, "identity");
        HeaderFields.ExpectEnd(ref reader, FrameKind.Handshake);
        try
        {
            return kind switch
            {
                SiloIdentity => PeerIdentity.ForSilo(SiloAddress.FromParsableString(identity)),
                ClientIdentity => PeerIdentity.ForClient(identity),
                _ => throw new FormatException($"unknown identity kind {kind}"),
            };
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            throw new TransportException(TransportError.HandshakeFailed, $"The peer's identity '{identity}' is not valid: {exception.Message}", exception);
        }
    }

    public static (TransportError Error, string Message) DecodeError(in Frame frame)
    {
        var reader = new SequenceReader<byte>(frame.Body);
        var error = (TransportError)HeaderFields.ReadByte(ref reader, "error code");
        var message = HeaderFields.ReadString(ref reader, "error message");
        return (Enum.IsDefined(error) ? error : TransportError.ProtocolViolation, message);
    }

    private static OutboundFrame TryEncodeResponse(long messageId, ResponseEnvelope response, WireSerializer serializer, int maxFrameSize)
    {
        var frame = FrameBuffer.Start(FrameKind.Response, messageId);
        try
        {
            frame.WriteByte((byte)response.Status);
            switch (response.Status)
            {
                case ResponseStatus.Ok:
                    serializer.Serialize(response.Result, frame);
                    break;
                case ResponseStatus.Exception:
                    serializer.Serialize(response.Exception, frame);
                    break;
                default:
                    frame.WriteByte((byte)response.Rejection);
                    HeaderFields.WriteString(frame, response.RejectionMessage!);
                    break;
            }

            return Finish(frame, maxFrameSize, "the response");
        }
        catch
        {
            frame.Abandon();
            throw;
        }
    }

    private static OutboundFrame Finish(FrameBuffer frame, int maxFrameSize, string what)
    {
        var size = frame.Written - FrameLayout.LengthSize;
        return size <= maxFrameSize
            ? frame.Complete()
            : throw new TransportException(TransportError.FrameTooLarge, $"{what} needs a frame of {size} bytes, more than the limit of {maxFrameSize} (TransportOptions.MaxFrameSize).");
    }

    private static uint TimeoutMilliseconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? 0 : (uint)Math.Min(Math.Ceiling(timeout.TotalMilliseconds), uint.MaxValue);
}
