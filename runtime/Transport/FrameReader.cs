using System.Buffers;
using System.Buffers.Binary;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// Cuts complete frames off the front of the input, strictly: a length below the fixed header or above the
/// limit, an unknown kind, or another protocol version (except on Handshake and Error frames, whose layout is
/// fixed) is a <see cref="TransportException"/>, after which the connection closes.
/// </summary>
internal static class FrameReader
{
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out Frame frame)
    {
        frame = default;
        if (buffer.Length < FrameLayout.LengthSize)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[FrameLayout.PrefixSize];
        var available = (int)Math.Min(buffer.Length, FrameLayout.PrefixSize);
        buffer.Slice(0, available).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < FrameLayout.FixedHeaderSize)
        {
            throw new TransportException(TransportError.ProtocolViolation, $"A frame declares {length} bytes, fewer than its fixed header of {FrameLayout.FixedHeaderSize}.");
        }

        if (length > maxFrameSize)
        {
            throw new TransportException(TransportError.FrameTooLarge, $"A frame declares {length} bytes, more than the limit of {maxFrameSize} (TransportOptions.MaxFrameSize).");
        }

        if (buffer.Length < FrameLayout.LengthSize + (long)length)
        {
            return false;
        }

        var version = prefix[4];
        var kind = (FrameKind)prefix[5];
        if (kind is < FrameKind.Request or > FrameKind.Error)
        {
            throw new TransportException(TransportError.ProtocolViolation, $"Unknown frame kind {(byte)kind}.");
        }

        if (version != FrameLayout.ProtocolVersion && kind is not (FrameKind.Handshake or FrameKind.Error))
        {
            throw new TransportException(
                TransportError.VersionMismatch,
                $"A {kind} frame uses protocol version {version}; this side speaks version {FrameLayout.ProtocolVersion}.");
        }

        var messageId = BinaryPrimitives.ReadInt64LittleEndian(prefix[6..]);
        frame = new Frame(version, kind, messageId, buffer.Slice(FrameLayout.PrefixSize, length - FrameLayout.FixedHeaderSize));
        buffer = buffer.Slice(FrameLayout.LengthSize + (long)length);
        return true;
    }
}
