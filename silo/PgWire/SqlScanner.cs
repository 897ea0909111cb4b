namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Walks SQL text the way PostgreSQL's lexer separates code from quoted text and comments: <c>'...'</c> (and
/// <c>E'...'</c> with backslash escapes), <c>"..."</c>, <c>$tag$...$tag$</c>, <c>-- ...</c> and nested <c>/* ... */</c>.
/// </summary>
internal static class SqlScanner
{
    /// <summary>
    /// When <paramref name="i"/> starts a quoted text or comment, the index just after it (or the end of the text when it
    /// is not closed); otherwise <paramref name="i"/> itself.
    /// </summary>
    public static int Skip(ReadOnlySpan<char> sql, int i)
    {
        var c = sql[i];
        switch (c)
        {
            case '\'':
                return SkipQuoted(sql, i, '\'', escapes: i > 0 && (sql[i - 1] is 'E' or 'e') && (i == 1 || !IsWordChar(sql[i - 2])));
            case '"':
                return SkipQuoted(sql, i, '"', escapes: false);
            case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                var end = sql[i..].IndexOf('\n');
                return end < 0 ? sql.Length : i + end + 1;
            case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                return SkipBlockComment(sql, i);
            case '$' when i == 0 || !IsWordChar(sql[i - 1]):
                return SkipDollarQuoted(sql, i);
            default:
                return i;
        }
    }

    /// <summary>True for letters, digits and '_' (parts of identifiers and keywords).</summary>
    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c > 127;

    /// <summary>True when the statement has nothing but white space, comments and semicolons.</summary>
    public static bool IsEmpty(ReadOnlySpan<char> sql)
    {
        for (var i = 0; i < sql.Length;)
        {
            var next = Skip(sql, i);
            if (next != i && sql[i] is '-' or '/')
            {
                i = next;
                continue;
            }

            if (!char.IsWhiteSpace(sql[i]) && sql[i] != ';')
            {
                return false;
            }

            i++;
        }

        return true;
    }

    /// <summary>The statements of a simple query, split at the semicolons outside quotes and comments (empty ones kept out unless all are).</summary>
    public static List<string> Split(string sql)
    {
        var statements = new List<string>(1);
        var start = 0;
        for (var i = 0; i < sql.Length;)
        {
            var next = Skip(sql, i);
            if (next != i)
            {
                i = next;
                continue;
            }

            if (sql[i] == ';')
            {
                Add(sql.AsSpan(start, i - start), sql, start, statements);
                start = i + 1;
            }

            i++;
        }

        Add(sql.AsSpan(start), sql, start, statements);
        return statements;

        static void Add(ReadOnlySpan<char> part, string sql, int start, List<string> statements)
        {
            if (!IsEmpty(part))
            {
                statements.Add(sql.Substring(start, part.Length));
            }
        }
    }

    /// <summary>The first <paramref name="count"/> keywords of the statement (after comments and opening parentheses), upper-cased.</summary>
    public static string Keywords(ReadOnlySpan<char> sql, int count)
    {
        Span<char> buffer = stackalloc char[64];
        var length = 0;
        var found = 0;
        for (var i = 0; i < sql.Length && found < count;)
        {
            var next = Skip(sql, i);
            if (next != i)
            {
                if (sql[i] is not ('-' or '/'))
                {
                    break;
                }

                i = next;
                continue;
            }

            if (char.IsAsciiLetter(sql[i]))
            {
                var end = i;
                while (end < sql.Length && IsWordChar(sql[end]))
                {
                    end++;
                }

                var word = sql[i..end];
                if (length + word.Length + 1 > buffer.Length)
                {
                    break;
                }

                if (length > 0)
                {
                    buffer[length++] = ' ';
                }

                length += word.ToUpperInvariant(buffer[length..]);
                found++;
                i = end;
            }
            else if (char.IsWhiteSpace(sql[i]) || (sql[i] == '(' && found == 0))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>True when <paramref name="word"/> occurs as a keyword in code (not in quotes or comments).</summary>
    public static bool ContainsKeyword(ReadOnlySpan<char> sql, ReadOnlySpan<char> word)
    {
        for (var i = 0; i < sql.Length;)
        {
            var next = Skip(sql, i);
            if (next != i)
            {
                i = next;
                continue;
            }

            if (char.IsAsciiLetter(sql[i]) && (i == 0 || !IsWordChar(sql[i - 1])))
            {
                var end = i;
                while (end < sql.Length && IsWordChar(sql[end]))
                {
                    end++;
                }

                if (sql[i..end].Equals(word, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                i = end;
                continue;
            }

            i++;
        }

        return false;
    }

    private static int SkipQuoted(ReadOnlySpan<char> sql, int i, char quote, bool escapes)
    {
        for (var j = i + 1; j < sql.Length; j++)
        {
            if (escapes && sql[j] == '\\')
            {
                j++;
            }
            else if (sql[j] == quote)
            {
                if (j + 1 < sql.Length && sql[j + 1] == quote)
                {
                    j++;
                }
                else
                {
                    return j + 1;
                }
            }
        }

        return sql.Length;
    }

    private static int SkipBlockComment(ReadOnlySpan<char> sql, int i)
    {
        var depth = 0;
        for (var j = i; j + 1 < sql.Length; j++)
        {
            if (sql[j] == '/' && sql[j + 1] == '*')
            {
                depth++;
                j++;
            }
            else if (sql[j] == '*' && sql[j + 1] == '/')
            {
                depth--;
                j++;
                if (depth == 0)
                {
                    return j + 1;
                }
            }
        }

        return sql.Length;
    }

    private static int SkipDollarQuoted(ReadOnlySpan<char> sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && sql[j] != '$' && (char.IsAsciiLetter(sql[j]) || sql[j] == '_' || (j > i + 1 && char.IsAsciiDigit(sql[j]))))
        {
            j++;
        }

        if (j >= sql.Length || sql[j] != '$')
        {
            return i;
        }

        var tag = sql[i..(j + 1)];
        var close = sql[(j + 1)..].IndexOf(tag);
        return close < 0 ? sql.Length : j + 1 + close + tag.Length;
    }
}
