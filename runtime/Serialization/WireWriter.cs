using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// The state of writing one message: a scratch buffer in front of the output, the objects written so far (for back
/// references) and the message's type table. One per thread is kept and reused, so writing allocates nothing of
/// its own once warm.
/// </summary>
internal sealed partial class WireWriter
{
    private const int ScratchSize = 8192;

    [ThreadStatic]
    private static WireWriter? t_cached;

    private readonly byte[] _scratch = new byte[ScratchSize];
    private IBufferWriter<byte> _output = null!;
    private int _position;

    private WireWriter()
    {
    }

    public TypePolicy Policy { get; private set; } = null!;

    public static WireWriter Rent(IBufferWriter<byte> output, TypePolicy policy)
    {
        var writer = t_cached ?? new WireWriter();
        t_cached = null;
        writer._output = output;
        writer.Policy = policy;
        return writer;
    }

    /// <summary>Hands the buffered bytes to the output.</summary>
    public void Complete() => FlushScratch();

    public static void Return(WireWriter writer)
    {
        writer._output = null!;
        writer._position = 0;
        writer.ResetState();
        t_cached = writer;
    }

    public void WriteByte(byte value)
    {
        if (_position == ScratchSize)
        {
            FlushScratch();
        }

        _scratch[_position++] = value;
    }

    public void WriteVarUInt64(ulong value)
    {
        var span = Reserve(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _position += i;
    }

    public void WriteVarUInt32(uint value)
    {
        var span = Reserve(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _position += i;
    }

    /// <summary>Zig-zag encoding: small negative numbers stay short.</summary>
    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    public void WriteVarInt32(int value) => WriteVarUInt32((uint)((value << 1) ^ (value >> 31)));

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
        _position += 8;
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
        _position += 8;
    }

    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
        _position += 4;
    }

    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var span = Reserve(16);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], bits[i]);
        }

        _position += 16;
    }

    public void WriteGuid(Guid value)
    {
        value.TryWriteBytes(Reserve(16));
        _position += 16;
    }

    /// <summary>A length (in bytes) followed by the UTF-8 bytes.</summary>
    public void WriteStringPayload(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)count);
        if (count <= ScratchSize)
        {
            // Reserve first: it may flush and reset the position.
            var span = Reserve(count);
            _position += Encoding.UTF8.GetBytes(value, span);
            return;
        }

        FlushScratch();
        var written = Encoding.UTF8.GetBytes(value, _output.GetSpan(count));
        _output.Advance(written);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= ScratchSize - _position)
        {
            bytes.CopyTo(_scratch.AsSpan(_position));
            _position += bytes.Length;
            return;
        }

        FlushScratch();
        if (bytes.Length <= ScratchSize / 2)
        {
            bytes.CopyTo(_scratch);
            _position = bytes.Length;
        }
        else
        {
            _output.Write(bytes);
        }
    }

    /// <summary>A count of elements (or members), unsigned.</summary>
    public void WriteCount(int count) => WriteVarUInt32((uint)count);

    private Span<byte> Reserve(int size)
    {
        if (ScratchSize - _position < size)
        {
            FlushScratch();
        }

        return _scratch.AsSpan(_position);
    }

    private void FlushScratch()
    {
        if (_position > 0)
        {
            _output.Write(_scratch.AsSpan(0, _position));
            _position = 0;
        }
    }
}
