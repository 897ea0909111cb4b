using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Writes a grain value in the type its column was described with when that type came from the engine's metadata
/// (<see cref="Databases.QueryResult.ColumnTypes"/>) and differs from the value's own: <c>int2/int4</c> and <c>float4</c>
/// from 64-bit numbers, <c>bool</c> from SQLite's 0/1, <c>numeric</c> from integers, and <c>uuid</c>, <c>date</c>,
/// <c>timestamp</c>, <c>timestamptz</c>, <c>json</c>, <c>jsonb</c> from the invariant text the grain hands over.
/// </summary>
internal static class PgTypedValueWriter
{
    private static readonly DateTime PostgresEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly PostgresEpochDate = new(2000, 1, 1);

    /// <summary>True when <paramref name="value"/> can be sent as <paramref name="oid"/> without loss (null always can).</summary>
    public static bool CanWrite(object? value, int oid) => (value, oid) switch
    {
        (null, _) => true,
        (long, PgType.Int8) or (double, PgType.Float8) or (long, PgType.Float8) or (decimal, PgType.Numeric) or (bool, PgType.Bool) => true,
        (long v, PgType.Int4) => v is >= int.MinValue and <= int.MaxValue,
        (long v, PgType.Int2) => v is >= short.MinValue and <= short.MaxValue,
        (double v, PgType.Float4) => double.IsNaN(v) || (double)(float)v == v,
        (long v, PgType.Float4) => (long)(float)v == v,
        (long v, PgType.Bool) => v is 0 or 1,
        (long, PgType.Numeric) => true,
        (double v, PgType.Numeric) => double.IsFinite(v) && Math.Abs(v) < 7.9e28,
        (byte[], PgType.Bytea) => true,
        (string, PgType.Text or PgType.Varchar or PgType.Bpchar or PgType.Json or PgType.Jsonb) => true,
        (string s, PgType.Uuid) => Guid.TryParse(s, CultureInfo.InvariantCulture, out _),
        (string s, PgType.Date or PgType.Timestamp) => DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
        (string s, PgType.TimestampTz) => DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        _ => false,
    };

    /// <summary>True when the value was written as <paramref name="oid"/>; false when this writer has nothing to do with the pair.</summary>
    public static bool TryWrite(BackendWriter writer, object value, int oid, bool binary)
    {
        switch (oid)
        {
            case PgType.Int2 or PgType.Int4 when value is long integer:
                return Integer(writer, integer, oid == PgType.Int2 ? 2 : 4, binary);
            case PgType.Float4 when value is double or long:
                var single = Convert.ToSingle(value, CultureInfo.InvariantCulture);
                return binary ? Fixed(writer, 4, d => BinaryPrimitives.WriteSingleBigEndian(d, single)) : Text(writer, PgValueWriter.Text(single));
            case PgType.Float8 when value is long whole:
                return binary ? Fixed(writer, 8, d => BinaryPrimitives.WriteDoubleBigEndian(d, whole)) : Text(writer, PgValueWriter.Text((double)whole));
            case PgType.Bool when value is long flag:
                writer.Int32(1);
                writer.Byte(binary ? (byte)(flag != 0 ? 1 : 0) : (byte)(flag != 0 ? 't' : 'f'));
                return true;
            case PgType.Numeric when value is long or double:
                PgValueWriter.Write(writer, Convert.ToDecimal(value, CultureInfo.InvariantCulture), PgType.Numeric, binary);
                return true;
            case PgType.Uuid when value is string text:
                var uuid = Guid.Parse(text, CultureInfo.InvariantCulture);
                return binary ? Fixed(writer, 16, d => uuid.TryWriteBytes(d, bigEndian: true, out _)) : Text(writer, uuid.ToString("D"));
            case PgType.Date when value is string text:
                var date = DateOnly.FromDateTime(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
                return binary
                    ? Fixed(writer, 4, d => BinaryPrimitives.WriteInt32BigEndian(d, date.DayNumber - PostgresEpochDate.DayNumber))
                    : Text(writer, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case PgType.Timestamp when value is string text:
                var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                return binary
                    ? Fixed(writer, 8, d => BinaryPrimitives.WriteInt64BigEndian(d, (local.Ticks - PostgresEpoch.Ticks) / 10))
                    : Text(writer, local.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'));
            case PgType.TimestampTz when value is string text:
                var instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
                return binary
                    ? Fixed(writer, 8, d => BinaryPrimitives.WriteInt64BigEndian(d, (instant.Ticks - PostgresEpoch.Ticks) / 10))
                    : Text(writer, instant.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + "+00");
            case PgType.Jsonb when value is string text && binary:
                var json = Encoding.UTF8.GetBytes(text);
                writer.Int32(json.Length + 1);
                writer.Byte(1);
                writer.Bytes(json);
                return true;
            default:
                return false;
        }
    }

    private static bool Integer(BackendWriter writer, long value, int size, bool binary)
    {
        if (!binary)
        {
            return Text(writer, value.ToString(CultureInfo.InvariantCulture));
        }

        return size == 2
            ? Fixed(writer, 2, d => BinaryPrimitives.WriteInt16BigEndian(d, checked((short)value)))
            : Fixed(writer, 4, d => BinaryPrimitives.WriteInt32BigEndian(d, checked((int)value)));
    }

    private static bool Fixed(BackendWriter writer, int size, Action<Span<byte>> write)
    {
        Span<byte> bytes = stackalloc byte[size];
        write(bytes);
        writer.Int32(size);
        writer.Bytes(bytes);
        return true;
    }

    private static bool Text(BackendWriter writer, string text)
    {
        writer.Int32(Encoding.UTF8.GetByteCount(text));
        writer.Text(text);
        return true;
    }
}
