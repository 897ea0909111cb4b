using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Turns a Bind parameter (type OID, text or binary format) into a statement argument: integers as <see cref="long"/>,
/// floats as <see cref="double"/>, numeric as <see cref="decimal"/>, bool, bytea as bytes, uuid as <see cref="Guid"/>,
/// timestamps as <see cref="DateTime"/>, and everything else (text, json, untyped) as its text.
/// </summary>
internal static class PgParameterReader
{
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Reads parameter <paramref name="index"/> (zero-based, for the error message).</summary>
    public static object? Read(int index, int oid, bool binary, ReadOnlySpan<byte> value)
    {
        try
        {
            return binary ? Binary(oid, value) : Text(oid, Encoding.UTF8.GetString(value));
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new PgWireException(binary ? PgSqlState.InvalidBinaryRepresentation : PgSqlState.InvalidTextRepresentation,
                $"invalid {(binary ? "binary" : "text")} value for parameter ${index + 1} of type oid {oid}: {e.Message}");
        }
    }

    private static object Binary(int oid, ReadOnlySpan<byte> v) => oid switch
    {
        PgType.Bool => Fixed(v, 1)[0] != 0,
        PgType.Int2 => (long)BinaryPrimitives.ReadInt16BigEndian(Fixed(v, 2)),
        PgType.Int4 => (long)BinaryPrimitives.ReadInt32BigEndian(Fixed(v, 4)),
        PgType.Oid => (long)BinaryPrimitives.ReadUInt32BigEndian(Fixed(v, 4)),
        PgType.Int8 => BinaryPrimitives.ReadInt64BigEndian(Fixed(v, 8)),
        PgType.Float4 => (double)BinaryPrimitives.ReadSingleBigEndian(Fixed(v, 4)),
        PgType.Float8 => BinaryPrimitives.ReadDoubleBigEndian(Fixed(v, 8)),
        PgType.Numeric => PgNumeric.Read(v),
        PgType.Bytea => v.ToArray(),
        PgType.Uuid => new Guid(Fixed(v, 16), bigEndian: true),
        PgType.Timestamp => Epoch.AddTicks(BinaryPrimitives.ReadInt64BigEndian(Fixed(v, 8)) * 10),
        PgType.TimestampTz => DateTime.SpecifyKind(Epoch.AddTicks(BinaryPrimitives.ReadInt64BigEndian(Fixed(v, 8)) * 10), DateTimeKind.Utc),
        PgType.Date => DateOnly.FromDateTime(Epoch).AddDays(BinaryPrimitives.ReadInt32BigEndian(Fixed(v, 4))).ToDateTime(TimeOnly.MinValue),
        PgType.Jsonb => v.Length > 0 && v[0] == 1 ? Encoding.UTF8.GetString(v[1..]) : throw new FormatException("unsupported jsonb version"),
        PgType.Text or PgType.Varchar or PgType.Bpchar or PgType.Json or PgType.Unknown or PgType.Unspecified => Encoding.UTF8.GetString(v),
        _ => throw new FormatException($"binary format is not supported for type oid {oid}; send it as text"),
    };

    private static object Text(int oid, string v) => oid switch
    {
        PgType.Bool => v.Trim().ToLowerInvariant() switch
        {
            "t" or "true" or "on" or "yes" or "y" or "1" => true,
            "f" or "false" or "off" or "no" or "n" or "0" => false,
            _ => throw new FormatException($"'{v}' is not a boolean"),
        },
        PgType.Int2 or PgType.Int4 or PgType.Int8 or PgType.Oid => long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture),
        PgType.Float4 or PgType.Float8 => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
        PgType.Numeric => decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
        PgType.Bytea => v.StartsWith("\\x", StringComparison.Ordinal) ? Convert.FromHexString(v.AsSpan(2)) : Encoding.UTF8.GetBytes(v),
        PgType.Uuid => Guid.Parse(v),
        _ => v,
    };

    private static ReadOnlySpan<byte> Fixed(ReadOnlySpan<byte> value, int length) =>
        value.Length == length ? value : throw new FormatException($"expected {length} bytes, got {value.Length}");
}
