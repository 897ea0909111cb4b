namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>Stable event ids of the transport's log lines (1100–1199).</summary>
public static class TransportEventIds
{
    public const int ListenerStarted = 1100;
    public const int ListenerStopped = 1101;
    public const int ConnectionEstablished = 1102;
    public const int ConnectionClosed = 1103;
    public const int HandshakeFailed = 1104;
    public const int ProtocolViolation = 1105;
    public const int PeerSilent = 1106;
    public const int OneWayFailed = 1107;
    public const int AcceptFailed = 1108;
    public const int UnknownResponse = 1109;
    public const int ResponseNotSerializable = 1110;
    public const int ConnectFailed = 1111;
    public const int RequestNotDeserializable = 1112;
    public const int RequestTimedOut = 1113;
    public const int CancellationCallbackFailed = 1114;
    public const int ConnectionReplaced = 1115;
}
