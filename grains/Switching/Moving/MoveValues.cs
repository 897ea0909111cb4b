using System.Globalization;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// Converts values between the engines' forms and a column's canonical form (see <see cref="ValueKind"/>), never changing
/// data: a value that does not fit its kind (text 'abc' in an INTEGER column) fails with <c>switch.refused</c> naming the
/// table, column and row key.
/// </summary>
internal static class MoveValues
{
    /// <summary>The canonical value of a raw value read from SQLite (long, double, string, byte[], null) for <paramref name="kind"/>.</summary>
    public static object? FromSqlite(ValueKind kind, object? raw, RowContext where) => raw is null or DBNull ? null : kind switch
    {
        ValueKind.Any => raw,
        ValueKind.Integer => raw is long l ? l : throw where.DoesNotFit(raw),
        ValueKind.Real => raw switch { double d => d, long l when (long)(double)l == l => (double)l, _ => throw where.DoesNotFit(raw) },
        ValueKind.Text => raw is string s ? s : throw where.DoesNotFit(raw),
        ValueKind.Blob => raw is byte[] b ? b : throw where.DoesNotFit(raw),
        ValueKind.Boolean => raw is 0L or 1L ? (long)raw == 1L : throw where.DoesNotFit(raw),
        ValueKind.Numeric => raw switch
        {
            long l => (decimal)l,
            double d when ParseDecimal(d.ToString("R", CultureInfo.InvariantCulture)) is { } parsed => parsed,
            string s when ParseDecimal(s) is { } parsed => parsed,
            _ => throw where.DoesNotFit(raw),
        },
        _ => throw where.DoesNotFit(raw),
    };

    /// <summary>The value to bind on SQLite for a canonical value.</summary>
    public static object ToSqlite(ValueKind kind, object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1L : 0L,
        decimal m => SqliteNumber(m),
        _ => value,
    };

    /// <summary>The canonical value of PostgreSQL's text form of a value (<c>value::text</c>) for <paramref name="kind"/>.</summary>
    public static object? FromPostgresText(ValueKind kind, string? text, RowContext where)
    {
        if (text is null)
        {
            return null;
        }

        switch (kind)
        {
            case ValueKind.Integer:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : throw where.DoesNotFit(text);
            case ValueKind.Real:
                return text switch
                {
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    // SQLite has no NaN (it would store NULL): a PostgreSQL NaN cannot move to it.
                    "NaN" => throw where.DoesNotFit(text),
                    _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw where.DoesNotFit(text),
                };
            case ValueKind.Boolean:
                return text switch { "true" => true, "false" => false, _ => throw where.DoesNotFit(text) };
            case ValueKind.Blob:
                return text.StartsWith("\\x", StringComparison.Ordinal) ? Convert.FromHexString(text.AsSpan(2)) : throw where.DoesNotFit(text);
            case ValueKind.Numeric:
                return ParseDecimal(text) ?? throw where.DoesNotFit(text);
            default:
                return text;
        }
    }

    /// <summary>PostgreSQL's text input form of a canonical value (what <c>'...'::type</c> accepts), null for NULL.</summary>
    public static string? ToPostgresText(object? value) => value switch
    {
        null => null,
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : double.IsNaN(d) ? "NaN" : d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => "\\x" + Convert.ToHexStringLower(bytes),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A short, readable rendering of a value for messages (long texts and blobs are cut).</summary>
    public static string Describe(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => $"'{(s.Length > 40 ? s[..40] + "..." : s)}' (text)",
        byte[] b => $"{b.Length} bytes (blob)",
        long l => $"{l} (integer)",
        double d => $"{d.ToString("R", CultureInfo.InvariantCulture)} (real)",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    private static decimal? ParseDecimal(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : null;

    /// <summary>An integer when integral, a double when the double gives the same decimal back, else its exact text.</summary>
    private static object SqliteNumber(decimal m)
    {
        if (decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue)
        {
            return (long)m;
        }

        var d = (double)m;
        return ParseDecimal(d.ToString("R", CultureInfo.InvariantCulture)) == m ? d : m.ToString(CultureInfo.InvariantCulture);
    }
}
