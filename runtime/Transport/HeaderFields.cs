using System.Buffers;
using System.Text;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// The encoding of header fields: bytes, variable-length unsigned integers (7 bits per byte) and strings (byte length,
/// then UTF-8). Reading is strict: a field that runs past the frame or is not valid UTF-8 is a protocol violation.
/// </summary>
internal static class HeaderFields
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void WriteVarUInt(FrameBuffer frame, uint value)
    {
        var span = frame.GetSpan(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        frame.Advance(i);
    }

    public static void WriteString(FrameBuffer frame, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt(frame, (uint)count);
        frame.Advance(Encoding.UTF8.GetBytes(value, frame.GetSpan(count)));
    }

    public static byte ReadByte(ref SequenceReader<byte> reader, string field) =>
        reader.TryRead(out var value) ? value : throw Malformed(field);

    public static uint ReadVarUInt(ref SequenceReader<byte> reader, string field)
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte(ref reader, field);
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Malformed(field);
    }

    /// <summary>Reads a string; <paramref name="intern"/> shares the instance with earlier frames (for names from a small vocabulary).</summary>
    public static string ReadString(ref SequenceReader<byte> reader, string field, bool intern = false)
    {
        var length = ReadVarUInt(ref reader, field);
        if (length > reader.Remaining)
        {
            throw Malformed(field);
        }

        var bytes = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        try
        {
            var span = bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
            return intern ? InternedStrings.Get(span, StrictUtf8) : StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException exception)
        {
            throw new TransportException(TransportError.ProtocolViolation, $"The frame's {field} is not valid UTF-8.", exception);
        }
    }

    public static void ExpectEnd(ref SequenceReader<byte> reader, FrameKind kind)
    {
        if (!reader.End)
        {
            throw new TransportException(TransportError.ProtocolViolation, $"A {kind} frame has {reader.Remaining} unexpected bytes after its header.");
        }
    }

    public static TransportException Malformed(string field) =>
        new(TransportError.ProtocolViolation, $"The frame ends inside its {field} field, or the field is malformed.");
}
