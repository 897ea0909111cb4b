using System.Net;
using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Transport;

public sealed partial class Connection
{
    [LoggerMessage(EventId = TransportEventIds.ConnectionEstablished, Level = LogLevel.Information, Message = "Connection to {Peer} established (outbound: {Outbound})")]
    private partial void LogEstablished(string peer, bool outbound);

    [LoggerMessage(EventId = TransportEventIds.ConnectionClosed, Level = LogLevel.Information, Message = "Connection to {Peer} closed: {Reason}")]
    private partial void LogClosed(string peer, string reason, Exception? exception);

    [LoggerMessage(EventId = TransportEventIds.HandshakeFailed, Level = LogLevel.Warning, Message = "Handshake with {EndPoint} failed (outbound: {Outbound}): {Reason}")]
    private partial void LogHandshakeFailed(IPEndPoint endPoint, bool outbound, string reason);

    [LoggerMessage(EventId = TransportEventIds.ProtocolViolation, Level = LogLevel.Warning, Message = "Protocol violation by {Peer} ({Error}): {Reason}; closing the connection")]
    private partial void LogProtocolViolation(string peer, TransportError error, string reason);

    [LoggerMessage(EventId = TransportEventIds.PeerSilent, Level = LogLevel.Warning, Message = "Nothing arrived from {Peer} for {PingTimeout}; closing the connection")]
    private partial void LogPeerSilent(string peer, TimeSpan pingTimeout);

    [LoggerMessage(EventId = TransportEventIds.OneWayFailed, Level = LogLevel.Warning, Message = "One-way request {Request} from {Peer} failed")]
    private partial void LogOneWayFailed(string peer, string request, Exception exception);

    [LoggerMessage(EventId = TransportEventIds.UnknownResponse, Level = LogLevel.Debug, Message = "Response {MessageId} from {Peer} matches no pending request (timed out or cancelled)")]
    private partial void LogUnknownResponse(string peer, long messageId);

    [LoggerMessage(EventId = TransportEventIds.ResponseNotSerializable, Level = LogLevel.Warning, Message = "Response {MessageId} to {Peer} could not be encoded")]
    private partial void LogResponseNotSerializable(string peer, long messageId, Exception exception);

    [LoggerMessage(EventId = TransportEventIds.RequestNotDeserializable, Level = LogLevel.Warning, Message = "Arguments of {Request} from {Peer} could not be read: {Reason}")]
    private partial void LogRequestNotDeserializable(string peer, string request, string reason);

    [LoggerMessage(EventId = TransportEventIds.RequestTimedOut, Level = LogLevel.Warning, Message = "{Request} on {Peer} got no response within {Timeout}")]
    private partial void LogRequestTimedOut(string peer, string request, TimeSpan timeout);

    [LoggerMessage(EventId = TransportEventIds.CancellationCallbackFailed, Level = LogLevel.Warning, Message = "A cancellation callback failed while the connection to {Peer} closed")]
    private partial void LogCancellationCallbackFailed(string peer, Exception exception);
}
