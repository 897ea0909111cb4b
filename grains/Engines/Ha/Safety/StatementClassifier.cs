namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>
/// Tells reads from writes by their words, conservatively: a text is a <see cref="StatementKind.Read"/> only when every
/// statement in it starts with <c>SELECT</c>, <c>VALUES</c>, <c>TABLE</c>, <c>SHOW</c> or <c>EXPLAIN</c> and no word
/// outside quotes and comments is one that changes data (<c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>MERGE</c>,
/// <c>INTO</c>, <c>COPY</c>, <c>CALL</c>, <c>DO</c>, <c>TRUNCATE</c>, <c>NEXTVAL</c>, <c>SETVAL</c>); anything else is a
/// <see cref="StatementKind.Write"/>. So a writing CTE or <c>SELECT ... INTO</c> or <c>FOR UPDATE</c> counts as a write.
/// Not seen: a <c>SELECT</c> calling a user-defined function that writes counts as a read.
/// </summary>
public static class StatementClassifier
{
    private static readonly HashSet<string> ReadLeads = new(StringComparer.Ordinal) { "SELECT", "VALUES", "TABLE", "SHOW", "EXPLAIN" };

    private static readonly HashSet<string> Writing = new(StringComparer.Ordinal)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "COPY", "CALL", "DO", "TRUNCATE", "NEXTVAL", "SETVAL",
    };

    /// <summary>The kind of the PostgreSQL text <paramref name="sql"/> (one or more statements).</summary>
    public static StatementKind Classify(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var leading = true;
        var sawStatement = false;
        var i = 0;
        while (i < sql.Length)
        {
            var skipped = PositionalParameterRewriter.SkipQuotedOrComment(sql, i, SqlDialect.Postgres);
            if (skipped > i)
            {
                i = skipped;
                continue;
            }

            var c = sql[i];
            if (c == ';')
            {
                leading = true;
                i++;
                continue;
            }

            if (!char.IsAsciiLetter(c) && c != '_')
            {
                if (leading && !char.IsWhiteSpace(c) && c != '(')
                {
                    return StatementKind.Write;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
            {
                i++;
            }

            var word = sql[start..i].ToUpperInvariant();
            if ((leading && !ReadLeads.Contains(word)) || Writing.Contains(word))
            {
                return StatementKind.Write;
            }

            sawStatement |= leading;
            leading = false;
        }

        return sawStatement ? StatementKind.Read : StatementKind.Write;
    }
}
