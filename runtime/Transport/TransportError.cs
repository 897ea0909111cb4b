namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>What went wrong at the protocol level. Carried by Error frames, so values are part of the wire format.</summary>
public enum TransportError : byte
{
    /// <summary>A frame broke the protocol: unknown kind, malformed header, unexpected frame, trailing bytes.</summary>
    ProtocolViolation = 1,

    /// <summary>The two sides speak different protocol versions.</summary>
    VersionMismatch = 2,

    /// <summary>A frame is larger than <see cref="TransportOptions.MaxFrameSize"/>.</summary>
    FrameTooLarge = 3,

    /// <summary>The handshake did not complete: no answer in time, or the peer's identity is not acceptable.</summary>
    HandshakeFailed = 4,

    /// <summary>The connection ended in the middle of a frame.</summary>
    Truncated = 5,
}
