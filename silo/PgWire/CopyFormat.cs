using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The text or CSV format of a COPY (PostgreSQL's defaults: tab and <c>\N</c> for text; comma, empty and <c>"</c> for CSV).</summary>
/// <param name="Csv">True for CSV, false for PostgreSQL's text format.</param>
/// <param name="Delimiter">The field separator.</param>
/// <param name="Null">The text of a null field.</param>
/// <param name="Header">CSV: the first line is a header (skipped on input, written on output).</param>
/// <param name="Quote">CSV: the quote character.</param>
/// <param name="Escape">CSV: the character before a quote inside a quoted field.</param>
internal sealed partial record CopyFormat(bool Csv, char Delimiter, string Null, bool Header, char Quote, char Escape)
{
    /// <summary>Reads the options after STDIN/STDOUT, in the parenthesised or the older syntax.</summary>
    public static CopyFormat Parse(string options)
    {
        var tokens = Tokens().Matches(options).Select(m => m.Value).ToList();
        if (tokens.Count > 0 && tokens[0].Equals("WITH", StringComparison.OrdinalIgnoreCase))
        {
            tokens.RemoveAt(0);
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (tokens.Count > 0 && tokens[0] == "(")
        {
            // FORMAT csv, HEADER [true], DELIMITER 'x', ...: a name, an optional value, a comma.
            for (var i = 1; i < tokens.Count && tokens[i] != ")"; i++)
            {
                var name = tokens[i];
                string? value = null;
                if (i + 1 < tokens.Count && tokens[i + 1] is not ("," or ")"))
                {
                    value = Unquote(tokens[++i]);
                }

                values[name] = value;
                if (i + 1 < tokens.Count && tokens[i + 1] == ",")
                {
                    i++;
                }
            }
        }
        else
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                var name = tokens[i].ToUpperInvariant();
                if (name is "DELIMITER" or "NULL" or "QUOTE" or "ESCAPE")
                {
                    i += i + 1 < tokens.Count && tokens[i + 1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
                    values[name] = i < tokens.Count ? Unquote(tokens[i]) : throw Invalid(name, "(missing)");
                }
                else if (name is "CSV" or "BINARY")
                {
                    values["FORMAT"] = name;
                }
                else
                {
                    values[name] = null;
                }
            }
        }

        return From(values);
    }

    private static CopyFormat From(Dictionary<string, string?> values)
    {
        var format = values.TryGetValue("FORMAT", out var f) ? f?.ToUpperInvariant() : "TEXT";
        if (format == "BINARY")
        {
            throw new PgWireException(PgSqlState.FeatureNotSupported, "COPY in BINARY format is not supported by the wire frontend: use FORMAT text or csv");
        }

        if (format is not ("TEXT" or "CSV"))
        {
            throw Invalid("FORMAT", f);
        }

        foreach (var name in values.Keys)
        {
            if (name.ToUpperInvariant() is not ("FORMAT" or "DELIMITER" or "NULL" or "HEADER" or "QUOTE" or "ESCAPE" or "FREEZE" or "ENCODING"))
            {
                throw new PgWireException(PgSqlState.FeatureNotSupported, $"COPY option \"{name}\" is not supported by the wire frontend");
            }
        }

        if (values.TryGetValue("ENCODING", out var encoding) && encoding?.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() is not ("UTF8" or "UNICODE"))
        {
            throw Invalid("ENCODING", encoding);
        }

        var csv = format == "CSV";
        var delimiter = Single(values, "DELIMITER", csv ? ',' : '\t');
        var quote = Single(values, "QUOTE", '"');
        var header = values.TryGetValue("HEADER", out var h) && h?.ToUpperInvariant() is null or "TRUE" or "ON" or "1";
        if (!csv && (header || values.ContainsKey("QUOTE") || values.ContainsKey("ESCAPE")))
        {
            throw new PgWireException(PgSqlState.FeatureNotSupported, "COPY HEADER, QUOTE and ESCAPE are available only in CSV mode");
        }

        var nullText = values.TryGetValue("NULL", out var n) && n is not null ? n : csv ? "" : "\\N";
        return new CopyFormat(csv, delimiter, nullText, header, quote, Single(values, "ESCAPE", quote));
    }

    private static char Single(Dictionary<string, string?> values, string name, char fallback)
    {
        if (!values.TryGetValue(name, out var value))
        {
            return fallback;
        }

        return value is { Length: 1 } && value[0] is not ('\r' or '\n') ? value[0] : throw Invalid(name, value);
    }

    private static PgWireException Invalid(string name, string? value) =>
        new("22023", $"invalid value for COPY option {name}: \"{value}\" (DELIMITER, QUOTE and ESCAPE are one character; FORMAT is text or csv; ENCODING is UTF8)");

    private static string Unquote(string token) =>
        token.Length >= 2 && token[0] is '\'' or 'E' or 'e' && token[^1] == '\''
            ? token[0] == '\'' ? token[1..^1].Replace("''", "'", StringComparison.Ordinal) : Unescape(token[2..^1])
            : token;

    private static string Unescape(string text) => text.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex(@"[Ee]?'(?:[^']|'')*'|[(),]|[^\s(),']+")]
    private static partial Regex Tokens();
}
