using System.Buffers;
using System.Buffers.Binary;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// Builds one frame in a pooled, growing buffer: the fixed header first (length patched at the end), then the
/// header fields and the serialized payload. The finished buffer is handed over as an <see cref="OutboundFrame"/>.
/// </summary>
internal sealed class FrameBuffer : IBufferWriter<byte>
{
    private const int InitialSize = 512;

    [ThreadStatic]
    private static FrameBuffer? t_cached;

    private byte[] _buffer = [];
    private int _written;

    private FrameBuffer()
    {
    }

    public int Written => _written;

    /// <summary>Starts a frame: version, kind and message id, with room for the length.</summary>
    public static FrameBuffer Start(FrameKind kind, long messageId, byte version = FrameLayout.ProtocolVersion)
    {
        var frame = t_cached ?? new FrameBuffer();
        t_cached = null;
        frame._buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        var span = frame._buffer.AsSpan();
        span[4] = version;
        span[5] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(span[6..], messageId);
        frame._written = FrameLayout.PrefixSize;
        return frame;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_written++] = value;
    }

    /// <summary>Patches the length and hands the buffer over; this builder goes back to the thread's cache.</summary>
    public OutboundFrame Complete()
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer, _written - FrameLayout.LengthSize);
        var frame = new OutboundFrame(_buffer, _written);
        Reset();
        return frame;
    }

    /// <summary>Gives the buffer back to the pool (the frame is not sent).</summary>
    public void Abandon()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        Reset();
    }

    private void Reset()
    {
        _buffer = [];
        _written = 0;
        t_cached = this;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, _written + needed);
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
