using System.Globalization;
using System.Text;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines;

/// <summary>
/// Replaces the positional <c>?</c> placeholders of a SQL text by the engine's numbered ones (<c>$1..$n</c> for
/// PostgreSQL, <c>@p1..@pn</c> for SQLite), leaving quoted text, quoted identifiers, dollar-quoted bodies and comments
/// alone. <c>??</c> stands for a literal <c>?</c> (an operator such as PostgreSQL's jsonb <c>?</c>). A <c>?</c> directly
/// followed by a digit (<c>?1</c>) is rejected as ambiguous. Unterminated quotes or comments swallow the rest of the
/// text, as the engine's own lexer would.
/// </summary>
internal static class PositionalParameterRewriter
{
    public static RewrittenSql Rewrite(string sql, SqlDialect dialect)
    {
        if (!sql.Contains('?', StringComparison.Ordinal))
        {
            return new RewrittenSql(sql, 0);
        }

        var output = new StringBuilder(sql.Length + 16);
        var count = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var end = SkipQuotedOrComment(sql, i, dialect);
            if (end > i)
            {
                output.Append(sql, i, end - i);
                i = end;
                continue;
            }

            var c = sql[i];
            if (c != '?')
            {
                output.Append(c);
                i++;
                continue;
            }

            if (i + 1 < sql.Length && sql[i + 1] == '?')
            {
                output.Append('?');
                i += 2;
                continue;
            }

            if (i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]))
            {
                throw new DynamicDbException(ErrorCodes.RequestInvalid,
                    $"Numbered placeholders such as '?{sql[i + 1]}' (at position {i}) are not supported: use '?' for each argument, in order.");
            }

            count++;
            if (output.Length > 0 && IsIdentifierChar(output[^1]))
            {
                output.Append(' ');
            }

            output.Append(dialect == SqlDialect.Postgres ? "$" : "@p").Append(count.ToString(CultureInfo.InvariantCulture));
            if (i + 1 < sql.Length && IsIdentifierChar(sql[i + 1]))
            {
                output.Append(' ');
            }

            i++;
        }

        return new RewrittenSql(output.ToString(), count);
    }

    /// <summary>The index just past the quoted text or comment starting at <paramref name="start"/>, or <paramref name="start"/> when none starts there.</summary>
    internal static int SkipQuotedOrComment(string sql, int start, SqlDialect dialect)
    {
        var c = sql[start];
        var next = start + 1 < sql.Length ? sql[start + 1] : '\0';
        var postgres = dialect == SqlDialect.Postgres;
        return c switch
        {
            '\'' => SkipQuoted(sql, start, '\'', backslashEscapes: postgres && IsEscapeStringPrefix(sql, start)),
            '"' => SkipQuoted(sql, start, '"', backslashEscapes: false),
            '`' when !postgres => SkipQuoted(sql, start, '`', backslashEscapes: false),
            '[' when !postgres => SkipTo(sql, start + 1, "]"),
            '-' when next == '-' => SkipLineComment(sql, start),
            '/' when next == '*' => SkipBlockComment(sql, start, nested: postgres),
            '$' when postgres => SkipDollarQuoted(sql, start),
            _ => start,
        };
    }

    private static bool IsEscapeStringPrefix(string sql, int quote) =>
        quote > 0 && sql[quote - 1] is 'E' or 'e' && (quote < 2 || !IsIdentifierChar(sql[quote - 2]));

    private static int SkipQuoted(string sql, int start, char quote, bool backslashEscapes)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    private static int SkipTo(string sql, int from, string terminator)
    {
        var end = sql.IndexOf(terminator, from, StringComparison.Ordinal);
        return end < 0 ? sql.Length : end + terminator.Length;
    }

    private static int SkipLineComment(string sql, int start)
    {
        var end = sql.IndexOf('\n', start);
        return end < 0 ? sql.Length : end + 1;
    }

    private static int SkipBlockComment(string sql, int start, bool nested)
    {
        if (!nested)
        {
            return SkipTo(sql, start + 2, "*/");
        }

        var depth = 0;
        var i = start;
        while (i < sql.Length - 1)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static int SkipDollarQuoted(string sql, int start)
    {
        // A '$' inside an identifier (foo$bar) or starting a parameter ($1) opens no quote.
        if (start > 0 && IsIdentifierChar(sql[start - 1]))
        {
            return start;
        }

        var tagEnd = start + 1;
        while (tagEnd < sql.Length && sql[tagEnd] != '$')
        {
            var c = sql[tagEnd];
            var valid = tagEnd == start + 1 ? IsTagStart(c) : IsTagStart(c) || char.IsAsciiDigit(c);
            if (!valid)
            {
                return start;
            }

            tagEnd++;
        }

        if (tagEnd >= sql.Length)
        {
            return start;
        }

        var tag = sql.Substring(start, tagEnd - start + 1);
        return SkipTo(sql, tagEnd + 1, tag);
    }

    private static bool IsTagStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c >= '\u0080';
}
