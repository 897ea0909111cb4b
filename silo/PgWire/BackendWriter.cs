using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Builds backend messages (type byte, big-endian length, body) straight into the connection's <see cref="PipeWriter"/>
/// and flushes when asked, so a result is written row by row without building strings.
/// </summary>
internal sealed class BackendWriter(PipeWriter output) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _position;
    private int _messageStart;
    private long _unflushed;

    /// <summary>Bytes written since the last flush.</summary>
    public long Pending => _unflushed;

    /// <summary>Starts a message of <paramref name="type"/>; end it with <see cref="End"/>.</summary>
    public void Start(byte type)
    {
        _position = 0;
        Ensure(5);
        _messageStart = 0;
        _buffer[0] = type;
        _position = 5;
    }

    /// <summary>Writes the length of the message begun with <see cref="Start"/> and hands it to the pipe.</summary>
    public void End()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_messageStart + 1), _position - _messageStart - 1);
        Commit();
    }

    /// <summary>Writes one byte with no message framing (the answers to SSLRequest and GSSENCRequest).</summary>
    public void RawByte(byte value)
    {
        _position = 0;
        Byte(value);
        Commit();
    }

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void Int16(short value)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    public void Int32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_position));
        _position += value.Length;
    }

    /// <summary>UTF-8 text without a terminator.</summary>
    public void Text(ReadOnlySpan<char> value)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    /// <summary>UTF-8 text and a zero byte (a protocol "String").</summary>
    public void CString(ReadOnlySpan<char> value)
    {
        Text(value);
        Byte(0);
    }

    /// <summary>A length-prefixed value written by <paramref name="write"/> into a span of at most <paramref name="maxLength"/> bytes.</summary>
    public void Value<TState>(int maxLength, TState state, SpanWriter<TState> write)
    {
        Ensure(4 + maxLength);
        var length = write(_buffer.AsSpan(_position + 4, maxLength), state);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), length);
        _position += 4 + length;
    }

    /// <summary>Sends what was written.</summary>
    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        _unflushed = 0;
        return output.FlushAsync(cancellationToken);
    }

    /// <summary>Stops a flush that is still waiting for the client (it ends as canceled).</summary>
    public void CancelPendingFlush() => output.CancelPendingFlush();

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Commit()
    {
        output.Write(_buffer.AsSpan(0, _position));
        _unflushed += _position;
        _position = 0;
    }

    private void Ensure(int count)
    {
        if (_position + count <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
        _buffer.AsSpan(0, _position).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}

/// <summary>Writes a value into <paramref name="destination"/> and answers how many bytes it wrote.</summary>
internal delegate int SpanWriter<in TState>(Span<byte> destination, TState state);
