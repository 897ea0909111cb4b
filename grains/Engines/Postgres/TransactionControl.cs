using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Refuses transaction control written by a tenant (<c>BEGIN</c>, <c>START TRANSACTION</c>, <c>COMMIT</c>, <c>END</c>,
/// <c>ROLLBACK</c>, <c>ABORT</c>, <c>SAVEPOINT</c>, <c>RELEASE</c>, <c>PREPARE TRANSACTION</c>, <c>COMMIT PREPARED</c>,
/// <c>ROLLBACK PREPARED</c>) before anything runs: transactions belong to the API. PostgreSQL has no statement
/// authorizer, so every statement of the text is found with the SQL lexer (quotes, dollar quotes and comments skipped)
/// and its leading keyword checked. Statements end at every ';' outside quotes and comments, exactly where Npgsql splits
/// a text into the commands it sends: a SQL-standard <c>BEGIN ATOMIC ... END</c> function body is split there too (by
/// Npgsql as well), so such bodies are not supported through the API; <c>AS $$ ... $$</c> bodies are.
/// Transaction control inside a function or <c>DO</c> body is PostgreSQL's business (it refuses it inside the API's
/// transaction) and is not looked at. Inside an interactive transaction (<see cref="PostgresTransaction"/>) savepoints are
/// allowed: <c>SAVEPOINT</c>, <c>RELEASE [SAVEPOINT]</c> and <c>ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT]</c>.
/// </summary>
internal static class TransactionControl
{
    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal)
    {
        "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE",
    };

    /// <summary>
    /// Throws <see cref="ErrorCodes.SqlNotAllowed"/> naming the construct when a statement of <paramref name="sql"/> controls
    /// transactions; with <paramref name="allowSavepoints"/> (inside an interactive transaction) savepoint statements pass.
    /// </summary>
    public static void EnsureNone(string sql, bool allowSavepoints = false)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var (first, second, third, end) = ReadStatement(sql, i);
            if (allowSavepoints && IsSavepoint(first, second, third))
            {
                i = end;
                continue;
            }

            if (Refused.Contains(first) || (first == "PREPARE" && second == "TRANSACTION"))
            {
                var construct = first == "START" || first == "PREPARE" ? $"{first} {second}" : first;
                throw StatementRefusal.Mark(new DynamicDbException(ErrorCodes.SqlNotAllowed,
                    $"Transaction control ({construct}) is not allowed in exec/query/transaction: use POST /v1/database/transaction, " +
                    "which runs its statements in one transaction of its own, or an interactive transaction (POST /v1/database/transactions, or BEGIN on the wire protocol)."), StatementRefusal.TransactionControl);
            }

            i = end;
        }
    }

    /// <summary>True for <c>SAVEPOINT</c>, <c>RELEASE</c> and <c>ROLLBACK [WORK|TRANSACTION] TO</c>, from a statement's first three keywords.</summary>
    private static bool IsSavepoint(string first, string second, string third) =>
        first is "SAVEPOINT" or "RELEASE"
        || (first == "ROLLBACK" && (second == "TO" || (second is "WORK" or "TRANSACTION" && third == "TO")));

    /// <summary>The first three keywords of the statement starting at <paramref name="start"/>, and the index just past its ';'.</summary>
    private static (string First, string Second, string Third, int End) ReadStatement(string sql, int start)
    {
        string first = "", second = "", third = "";
        var words = 0;
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
            if (c == ';')
            {
                return (first, second, third, i + 1);
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

            // only the first three keywords are looked at: later words are skipped without a string of their own
            if (words is >= 0 and < 3)
            {
                var word = sql[wordStart..i].ToUpperInvariant();
                if (words == 0)
                {
                    first = word;
                }
                else if (words == 1)
                {
                    second = word;
                }
                else
                {
                    third = word;
                }
            }

            if (words >= 0)
            {
                words++;
            }

        }

        return (first, second, third, sql.Length);
    }

    private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsWordPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c >= '\u0080';
}
