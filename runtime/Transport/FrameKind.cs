namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>What a frame carries (the byte after the protocol version). Values are part of the wire format.</summary>
public enum FrameKind : byte
{
    /// <summary>A call that expects a response with the same message id.</summary>
    Request = 1,

    /// <summary>The answer to a request: status and result, exception or rejection.</summary>
    Response = 2,

    /// <summary>A call that expects no response.</summary>
    OneWayRequest = 3,

    /// <summary>A liveness probe; the peer answers with a Pong carrying the same message id.</summary>
    Ping = 4,

    Pong = 5,

    /// <summary>The first frame each side sends: protocol version and identity.</summary>
    Handshake = 6,

    /// <summary>Sent before a side closes the connection because of a protocol error, saying why.</summary>
    Error = 7,
}
