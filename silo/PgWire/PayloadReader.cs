using System.Buffers.Binary;
using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>Reads the fields of one message body; running past its end is a protocol violation naming the message.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload, string message)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _payload.Length - _position;

    public byte Byte() => Take(1)[0];

    public short Int16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public ReadOnlySpan<byte> Bytes(int count) => count < 0 ? throw Malformed() : Take(count);

    /// <summary>A zero-terminated UTF-8 string.</summary>
    public string CString()
    {
        var end = _payload[_position..].IndexOf((byte)0);
        if (end < 0)
        {
            throw Malformed();
        }

        var text = Encoding.UTF8.GetString(_payload.Slice(_position, end));
        _position += end + 1;
        return text;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_position + count > _payload.Length)
        {
            throw Malformed();
        }

        var span = _payload.Slice(_position, count);
        _position += count;
        return span;
    }

    private readonly PgWireException Malformed() =>
        new(PgSqlState.ProtocolViolation, $"invalid {message} message format", fatal: true);
}
