using System.Globalization;
using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>Splits one COPY record into its fields: PostgreSQL's text format or CSV.</summary>
internal static class CopyFields
{
    /// <summary>Text format: fields split at the delimiter (a backslash escapes it), the null text as null, escapes decoded.</summary>
    public static List<object?> Text(string record, CopyFormat format, CopyRowReader reader)
    {
        var fields = new List<object?>();
        var start = 0;
        for (var i = 0; i <= record.Length; i++)
        {
            if (i < record.Length && record[i] == '\\')
            {
                i++;
                continue;
            }

            if (i == record.Length || record[i] == format.Delimiter)
            {
                var raw = record[start..Math.Min(i, record.Length)];
                fields.Add(raw == format.Null ? null : Unescape(raw, reader));
                start = i + 1;
            }
        }

        return fields;
    }

    /// <summary>CSV: quoted fields may hold delimiters, quotes (doubled, or after the escape) and newlines; an unquoted null text is null.</summary>
    public static List<object?> Csv(string record, CopyFormat format)
    {
        var fields = new List<object?>();
        var value = new StringBuilder();
        var quoted = false;
        var inQuotes = false;
        for (var i = 0; i <= record.Length; i++)
        {
            if (i == record.Length || (!inQuotes && record[i] == format.Delimiter))
            {
                var text = value.ToString();
                fields.Add(!quoted && text == format.Null ? null : text);
                value.Clear();
                quoted = false;
                continue;
            }

            var c = record[i];
            if (inQuotes && c == format.Escape && i + 1 < record.Length && record[i + 1] == format.Quote)
            {
                value.Append(format.Quote);
                i++;
            }
            else if (c == format.Quote)
            {
                inQuotes = !inQuotes;
                quoted = true;
            }
            else
            {
                value.Append(c);
            }
        }

        return fields;
    }

    private static string Unescape(string raw, CopyRowReader reader)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return raw;
        }

        var value = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (++i == raw.Length)
            {
                throw reader.Error(PgSqlState.BadCopyFileFormat, "end-of-copy marker corrupt (a backslash ends the line)");
            }

            var e = raw[i];
            switch (e)
            {
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'v': value.Append('\v'); break;
                case >= '0' and <= '7':
                    var end = i;
                    while (end < raw.Length && end < i + 3 && raw[end] is >= '0' and <= '7')
                    {
                        end++;
                    }

                    value.Append((char)Convert.ToInt32(raw[i..end], 8));
                    i = end - 1;
                    break;
                case 'x' when i + 1 < raw.Length && char.IsAsciiHexDigit(raw[i + 1]):
                    var hexEnd = i + 1 < raw.Length - 1 && char.IsAsciiHexDigit(raw[i + 2]) ? i + 3 : i + 2;
                    value.Append((char)int.Parse(raw.AsSpan(i + 1, hexEnd - i - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i = hexEnd - 1;
                    break;
                default:
                    value.Append(e);
                    break;
            }
        }

        return value.ToString();
    }
}
