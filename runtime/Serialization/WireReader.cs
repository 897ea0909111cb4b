using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Text;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// The state of reading one message: the input (contiguous: a multi-segment input is copied into a pooled
/// buffer first), the objects read so far and the message's type table. One per thread is kept and reused.
/// Every read is bounds-checked: truncated or corrupt input ends in a <see cref="SerializationException"/>.
/// </summary>
internal sealed partial class WireReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static WireReader? t_cached;

    private byte[] _buffer = [];
    private byte[]? _rented;
    private int _position;
    private int _end;

    private WireReader()
    {
    }

    public TypePolicy Policy { get; private set; } = null!;

    /// <summary>The bytes not read yet.</summary>
    public int Remaining => _end - _position;

    public static WireReader Rent(ReadOnlySequence<byte> input, TypePolicy policy)
    {
        var reader = Take(policy);
        if (input.IsSingleSegment)
        {
            reader.Attach(input.First);
        }
        else
        {
            var length = checked((int)input.Length);
            reader._rented = ArrayPool<byte>.Shared.Rent(length);
            input.CopyTo(reader._rented);
            reader._buffer = reader._rented;
            reader._end = length;
        }

        return reader;
    }

    public static WireReader Rent(ReadOnlyMemory<byte> input, TypePolicy policy)
    {
        var reader = Take(policy);
        reader.Attach(input);
        return reader;
    }

    public static void Return(WireReader reader)
    {
        if (reader._rented is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
            reader._rented = null;
        }

        reader._buffer = [];
        reader._position = reader._end = 0;
        reader.ResetState();
        t_cached = reader;
    }

    public byte ReadByte()
    {
        if (_position >= _end)
        {
            throw Truncated();
        }

        return _buffer[_position++];
    }

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            throw Truncated();
        }

        var span = new ReadOnlySpan<byte>(_buffer, _position, count);
        _position += count;
        return span;
    }

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Corrupt("a variable-length number is longer than 10 bytes");
    }

    public uint ReadVarUInt32()
    {
        var value = ReadVarUInt64();
        return value <= uint.MaxValue ? (uint)value : throw Corrupt($"{value} does not fit in 32 bits");
    }

    public long ReadVarInt64()
    {
        var value = ReadVarUInt64();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public int ReadVarInt32()
    {
        var value = ReadVarUInt32();
        return (int)(value >> 1) ^ -(int)(value & 1);
    }

    /// <summary>An element or byte count; never more than the bytes left, since every element takes at least one byte.</summary>
    public int ReadCount()
    {
        var count = ReadVarUInt32();
        return count <= (uint)Remaining ? (int)count : throw Corrupt($"a count of {count} exceeds the {Remaining} bytes left");
    }

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadSpan(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadSpan(8));

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(ReadSpan(4));

    public decimal ReadDecimal()
    {
        var span = ReadSpan(16);
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
        }

        return new decimal(bits);
    }

    public Guid ReadGuid() => new(ReadSpan(16));

    public string ReadStringPayload()
    {
        var bytes = ReadSpan(ReadCount());
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw Corrupt("a string is not valid UTF-8", exception);
        }
    }

    public SerializationException Truncated() =>
        new($"The input ends unexpectedly at byte {_position}: it is truncated or corrupt.");

    public SerializationException Corrupt(string problem, Exception? inner = null) =>
        new($"The input is not valid wire data: {problem} (at byte {_position}).", inner);

    private static WireReader Take(TypePolicy policy)
    {
        var reader = t_cached ?? new WireReader();
        t_cached = null;
        reader.Policy = policy;
        return reader;
    }

    private void Attach(ReadOnlyMemory<byte> input)
    {
        if (MemoryMarshal.TryGetArray(input, out var segment))
        {
            _buffer = segment.Array!;
            _position = segment.Offset;
            _end = segment.Offset + segment.Count;
            return;
        }

        _rented = ArrayPool<byte>.Shared.Rent(input.Length);
        input.Span.CopyTo(_rented);
        _buffer = _rented;
        _end = input.Length;
    }
}
