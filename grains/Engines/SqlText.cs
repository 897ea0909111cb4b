namespace Orleans.DynamicDb.Engines;

/// <summary>Small lexical questions about SQL text.</summary>
internal static class SqlText
{
    /// <summary>The first keyword of the statement, upper-cased, skipping whitespace, comments and opening parentheses.</summary>
    public static string LeadingKeyword(string sql, SqlDialect dialect)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c) || c == '(')
            {
                i++;
                continue;
            }

            if ((c == '-' || c == '/') && PositionalParameterRewriter.SkipQuotedOrComment(sql, i, dialect) is var end && end > i)
            {
                i = end;
                continue;
            }

            break;
        }

        var start = i;
        while (i < sql.Length && char.IsAsciiLetter(sql[i]))
        {
            i++;
        }

        return sql[start..i].ToUpperInvariant();
    }
}
