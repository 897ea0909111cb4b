using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>Writes result values (normalised grain values) as DataRow fields in PostgreSQL's text or binary format.</summary>
internal static class PgValueWriter
{
    private static readonly SpanWriter<long> Int8Binary = static (d, v) => { BinaryPrimitives.WriteInt64BigEndian(d, v); return 8; };
    private static readonly SpanWriter<double> Float8Binary = static (d, v) => { BinaryPrimitives.WriteDoubleBigEndian(d, v); return 8; };
    private static readonly SpanWriter<long> Int8Text = static (d, v) => { v.TryFormat(d, out var n, default, CultureInfo.InvariantCulture); return n; };
    private static readonly SpanWriter<double> Float8Text = static (d, v) => Encoding.UTF8.GetBytes(FormatDouble(v), d);
    private static readonly SpanWriter<decimal> NumericText = static (d, v) => { v.TryFormat(d, out var n, default, CultureInfo.InvariantCulture); return n; };
    private static readonly SpanWriter<decimal> NumericBinary = PgNumeric.Write;

    /// <summary>Writes one field of type <paramref name="oid"/>, as described in the RowDescription.</summary>
    public static void Write(BackendWriter writer, object? value, int oid, bool binary)
    {
        switch (value)
        {
            case null:
                writer.Int32(-1);
                return;
            case long or int or short when oid == PgType.Int8:
                var integer = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                writer.Value(binary ? 8 : 20, integer, binary ? Int8Binary : Int8Text);
                return;
            case double or float when oid == PgType.Float8:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                writer.Value(binary ? 8 : 32, real, binary ? Float8Binary : Float8Text);
                return;
            case decimal number when oid == PgType.Numeric:
                writer.Value(binary ? PgNumeric.MaxBinaryLength : 40, number, binary ? NumericBinary : NumericText);
                return;
            case bool flag when oid == PgType.Bool:
                writer.Int32(1);
                writer.Byte(binary ? (byte)(flag ? 1 : 0) : (byte)(flag ? 't' : 'f'));
                return;
            case byte[] bytes when oid == PgType.Bytea:
                WriteBytea(writer, bytes, binary);
                return;
            case not null when oid != PgType.Text && PgTypedValueWriter.TryWrite(writer, value, oid, binary):
                // A column typed by the engine's metadata (int4, date, uuid...): written as that type.
                return;
            default:
                // Described as text (a column whose first value had another type, or a text value): its text form.
                WriteText(writer, Text(value));
                return;
        }
    }

    /// <summary>A value's PostgreSQL text form.</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "t" : "f",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        byte[] bytes => $"\\x{Convert.ToHexStringLower(bytes)}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteText(BackendWriter writer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        writer.Int32(length);
        writer.Text(text);
    }

    private static void WriteBytea(BackendWriter writer, byte[] bytes, bool binary)
    {
        if (binary)
        {
            writer.Int32(bytes.Length);
            writer.Bytes(bytes);
            return;
        }

        writer.Value(2 + (bytes.Length * 2), bytes, static (d, b) =>
        {
            d[0] = (byte)'\\';
            d[1] = (byte)'x';
            Convert.TryToHexStringLower(b, d[2..], out var written);
            return 2 + written;
        });
    }

    private static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
