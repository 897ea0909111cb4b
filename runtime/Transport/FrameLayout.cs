namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// The fixed part of every frame: <c>[int32 length][byte version][byte kind][int64 messageId]</c>, little-endian,
/// where length counts every byte after itself. These positions, and the layout of Handshake and Error frames, never
/// change between protocol versions, so peers of different versions can always tell each other why they disagree.
/// </summary>
internal static class FrameLayout
{
    /// <summary>The protocol version this build speaks.</summary>
    public const byte ProtocolVersion = 1;

    public const int LengthSize = 4;

    /// <summary>Version, kind and message id: the smallest legal value of the length field.</summary>
    public const int FixedHeaderSize = 1 + 1 + 8;

    public const int PrefixSize = LengthSize + FixedHeaderSize;
}
