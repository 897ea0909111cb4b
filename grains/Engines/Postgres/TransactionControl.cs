using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Refuses transaction control written by a tenant (<c>BEGIN</c>, <c>START TRANSACTION</c>, <c>COMMIT</c>, <c>END</c>,
/// <c>ROLLBACK</c>, <c>ABORT</c>, <c>SAVEPOINT</c>, <c>RELEASE</c>, <c>PREPARE TRANSACTION</c>, <c>COMMIT PREPARED</c>,
/// <c>ROLLBACK PREPARED</c>) before anything runs: transactions belong to the API. PostgreSQL has no statement
/// authorizer, so every statement of the text is found with the SQL lexer (quotes, dollar quotes and comments skipped,
/// <c>BEGIN ATOMIC ... END</c> bodies of <c>CREATE FUNCTION</c> kept whole) and its leading keyword checked.
/// Transaction control inside a function or <c>DO</c> body is PostgreSQL's business (it refuses it inside the API's
/// transaction) and is not looked at.
/// </summary>
internal static class TransactionControl
{
    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal)
    {
        "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE",
    };

    /// <summary>Throws <see cref="ErrorCodes.SqlNotAllowed"/> naming the construct when a statement of <paramref name="sql"/> controls transactions.</summary>
    public static void EnsureNone(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var (first, second, end) = ReadStatement(sql, i);
            if (Refused.Contains(first) || (first == "PREPARE" && second == "TRANSACTION"))
            {
                var construct = first == "START" || first == "PREPARE" ? $"{first} {second}" : first;
                throw new DynamicDbException(ErrorCodes.SqlNotAllowed,
                    $"Transaction control ({construct}) is not allowed in exec/query/transaction: use POST /v1/database/transaction, " +
                    "which runs its statements in one transaction of its own (interactive transactions are not available yet).");
            }

            i = end;
        }
    }

    /// <summary>The first two keywords of the statement starting at <paramref name="start"/>, and the index just past its ';'.</summary>
    private static (string First, string Second, int End) ReadStatement(string sql, int start)
    {
        string first = "", second = "";
        var words = 0;
        var depth = 0;
        var i = start;
        while (i < sql.Length)
        {
            var skipped = PositionalParameterRewriter.SkipQuotedOrComment(sql, i, SqlDialect.Postgres);
            if (skipped > i)
            {
                i = skipped;
                continue;
            }

            var c = sql[i];
            if (c == ';' && depth == 0)
            {
                return (first, second, i + 1);
            }

            if (!IsWordStart(c))
            {
                // '(' before the first keyword is skipped, as SqlText.LeadingKeyword does; anything else ends the lead-in.
                if (!char.IsWhiteSpace(c) && c != '(' && words == 0)
                {
                    words = -1;
                }

                i++;
                continue;
            }

            var wordStart = i;
            while (i < sql.Length && IsWordPart(sql[i]))
            {
                i++;
            }

            var word = sql[wordStart..i].ToUpperInvariant();
            if (words == 0)
            {
                first = word;
            }
            else if (words == 1)
            {
                second = word;
            }

            if (words >= 0)
            {
                words++;
            }

            // CREATE FUNCTION/PROCEDURE ... BEGIN ATOMIC ...; ... END: the ';' inside the body do not end the statement.
            // Only BEGIN ATOMIC opens a body ('begin' alone may be a column name); CASE and END are reserved words.
            if (first == "CREATE" && words > 1)
            {
                if (word == "BEGIN" && NextWord(sql, i) == "ATOMIC")
                {
                    depth++;
                }
                else if (word == "CASE" && depth > 0)
                {
                    depth++;
                }
                else if (word == "END" && depth > 0)
                {
                    depth--;
                }
            }
        }

        return (first, second, sql.Length);
    }

    private static string NextWord(string sql, int i)
    {
        while (i < sql.Length)
        {
            var skipped = PositionalParameterRewriter.SkipQuotedOrComment(sql, i, SqlDialect.Postgres);
            if (skipped > i && sql[i] is '-' or '/')
            {
                i = skipped;
            }
            else if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        var start = i;
        while (i < sql.Length && IsWordPart(sql[i]))
        {
            i++;
        }

        return sql[start..i].ToUpperInvariant();
    }

    private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsWordPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c >= '\u0080';
}
