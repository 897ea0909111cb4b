using System.Text;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>
/// The early, friendly read-only check of <c>query_database</c>. The silo enforces read-only itself (the tool sends
/// <c>"read_only": true</c>, and the engine refuses every write), so this only answers an obvious write before it is
/// sent: the tool refuses anything but one statement that starts with
/// <c>SELECT</c>, <c>WITH</c>, <c>VALUES</c>, <c>EXPLAIN</c> or <c>TABLE</c> and holds none of the words that write or
/// change settings (outside string literals, quoted names and comments). It is no security boundary (a function with
/// side effects called from a <c>SELECT</c> is not seen here; the silo refuses it).
/// </summary>
public static class ReadOnlySql
{
    private static readonly HashSet<string> Starts = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "WITH", "VALUES", "EXPLAIN", "TABLE" };

    private static readonly HashSet<string> Writes = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "ATTACH",
        "DETACH", "VACUUM", "REINDEX", "ANALYZE", "GRANT", "REVOKE", "COPY", "CALL", "DO", "SET", "RESET", "LOCK",
        "PRAGMA", "INTO", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "NEXTVAL", "SETVAL", "NOTIFY", "LISTEN",
        "CLUSTER", "REFRESH", "COMMENT", "SECURITY", "DISCARD", "PREPARE", "EXECUTE", "DEALLOCATE", "LOAD", "IMPORT",
    };

    /// <summary>Why <paramref name="sql"/> is not a read-only query, or <c>null</c> when it is one.</summary>
    public static string? Refusal(string sql)
    {
        var words = Words(sql, out var statements);
        if (words.Count == 0)
        {
            return "it holds no SQL statement";
        }

        if (statements > 1)
        {
            return "it holds more than one statement (a ';' followed by more SQL)";
        }

        if (!Starts.Contains(words[0]))
        {
            return $"it starts with '{words[0]}'; a read-only query starts with SELECT, WITH, VALUES, EXPLAIN or TABLE";
        }

        var write = words.FirstOrDefault(Writes.Contains);
        return write is null ? null : $"it contains '{write.ToUpperInvariant()}', which writes or changes state";
    }

    /// <summary>The bare words of <paramref name="sql"/> outside literals, quoted names and comments; counts statements.</summary>
    private static List<string> Words(string sql, out int statements)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        statements = 0;
        var pendingStatement = false;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (char.IsLetterOrDigit(c) || c == '_' || c == '$')
            {
                word.Append(c);
                pendingStatement = true;
                continue;
            }

            Flush(words, word);
            switch (c)
            {
                case '\'' or '"' or '`':
                    i = SkipQuoted(sql, i, c == '`' ? '`' : c);
                    pendingStatement = true;
                    break;
                case '[':
                    i = SkipQuoted(sql, i, ']');
                    pendingStatement = true;
                    break;
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                    i = sql.IndexOf('\n', i) is var end && end < 0 ? sql.Length : end;
                    break;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var close && close < 0 ? sql.Length : close + 1;
                    break;
                case ';':
                    if (pendingStatement)
                    {
                        statements++;
                        pendingStatement = false;
                    }

                    break;
                default:
                    if (!char.IsWhiteSpace(c))
                    {
                        pendingStatement = true;
                    }

                    break;
            }
        }

        Flush(words, word);
        if (pendingStatement)
        {
            statements++;
        }

        return words;
    }

    private static void Flush(List<string> words, StringBuilder word)
    {
        if (word.Length > 0)
        {
            words.Add(word.ToString());
            word.Clear();
        }
    }

    private static int SkipQuoted(string sql, int start, char close)
    {
        for (var i = start + 1; i < sql.Length; i++)
        {
            if (sql[i] == close)
            {
                if (i + 1 < sql.Length && sql[i + 1] == close && close != ']')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return sql.Length;
    }
}
