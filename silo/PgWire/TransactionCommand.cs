using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>What a transaction control statement asks for.</summary>
internal enum TransactionVerb
{
    /// <summary><c>BEGIN</c> or <c>START TRANSACTION</c>.</summary>
    Begin,

    /// <summary><c>COMMIT</c> or <c>END</c>.</summary>
    Commit,

    /// <summary><c>ROLLBACK</c> or <c>ABORT</c> (not <c>ROLLBACK TO</c>).</summary>
    Rollback,

    /// <summary><c>SAVEPOINT</c>, <c>RELEASE</c>, <c>ROLLBACK TO</c>: statements inside the transaction.</summary>
    Savepoint,

    /// <summary><c>PREPARE TRANSACTION</c>, <c>COMMIT PREPARED</c>, <c>PREPARE name AS</c>...: not offered.</summary>
    Unsupported,
}

/// <summary>
/// A parsed transaction control statement (<c>BEGIN [WORK|TRANSACTION] [mode, ...]</c>, <c>START TRANSACTION</c>,
/// <c>COMMIT</c>/<c>END</c>, <c>ROLLBACK</c>/<c>ABORT</c>, savepoints), with the modes of a BEGIN.
/// </summary>
/// <param name="Verb">What it asks for.</param>
/// <param name="ReadOnly">True for <c>READ ONLY</c>.</param>
/// <param name="Isolation">The isolation level asked for, upper-cased (e.g. <c>REPEATABLE READ</c>); null when none.</param>
/// <param name="Tag">The CommandComplete tag PostgreSQL answers with.</param>
internal sealed partial record TransactionCommand(TransactionVerb Verb, bool ReadOnly, string? Isolation, string Tag)
{
    private static readonly string[] Levels = ["SERIALIZABLE", "REPEATABLE READ", "READ COMMITTED", "READ UNCOMMITTED"];

    /// <summary>Parses <paramref name="text"/>, a statement whose first keyword made it a transaction statement.</summary>
    public static TransactionCommand Parse(string text)
    {
        var words = Words().Matches(text.ToUpperInvariant()).Select(m => m.Value).ToArray();
        var first = words.Length > 0 ? words[0] : "";
        var second = words.Length > 1 ? words[1] : "";
        switch (first)
        {
            case "BEGIN":
            case "START" when second == "TRANSACTION":
                return ParseBegin(string.Join(' ', words.Skip(first == "START" || second is "WORK" or "TRANSACTION" ? 2 : 1)), first == "START" ? "START TRANSACTION" : "BEGIN");
            case "COMMIT" or "END" when second != "PREPARED":
                return new TransactionCommand(TransactionVerb.Commit, false, null, "COMMIT");
            case "ROLLBACK" or "ABORT" when !words.Contains("TO") && second != "PREPARED":
                return new TransactionCommand(TransactionVerb.Rollback, false, null, "ROLLBACK");
            case "ROLLBACK":
            case "SAVEPOINT":
            case "RELEASE":
                return new TransactionCommand(TransactionVerb.Savepoint, false, null, first);
            default:
                return new TransactionCommand(TransactionVerb.Unsupported, false, null, first);
        }
    }

    private static TransactionCommand ParseBegin(string modes, string tag)
    {
        var readOnly = false;
        string? isolation = null;
        var rest = modes;
        while (rest.Length > 0)
        {
            if (rest.StartsWith("ISOLATION LEVEL ", StringComparison.Ordinal))
            {
                rest = rest["ISOLATION LEVEL ".Length..];
                isolation = Levels.FirstOrDefault(l => rest == l || rest.StartsWith(l + " ", StringComparison.Ordinal))
                    ?? throw new PgWireException(PgSqlState.SyntaxError, $"syntax error in {tag}: unknown isolation level \"{rest}\" (SERIALIZABLE, REPEATABLE READ, READ COMMITTED or READ UNCOMMITTED)");
                rest = rest[isolation.Length..].TrimStart();
            }
            else if (rest.StartsWith("READ ONLY", StringComparison.Ordinal) || rest.StartsWith("READ WRITE", StringComparison.Ordinal))
            {
                readOnly = rest.StartsWith("READ ONLY", StringComparison.Ordinal);
                rest = rest[(readOnly ? "READ ONLY" : "READ WRITE").Length..].TrimStart();
            }
            else if (rest.StartsWith("NOT DEFERRABLE", StringComparison.Ordinal) || rest.StartsWith("DEFERRABLE", StringComparison.Ordinal))
            {
                rest = rest[(rest[0] == 'N' ? "NOT DEFERRABLE" : "DEFERRABLE").Length..].TrimStart();
            }
            else
            {
                throw new PgWireException(PgSqlState.SyntaxError, $"syntax error in {tag} at \"{rest}\": expected ISOLATION LEVEL, READ ONLY, READ WRITE or [NOT] DEFERRABLE");
            }
        }

        return new TransactionCommand(TransactionVerb.Begin, readOnly, isolation, tag);
    }

    [GeneratedRegex("[A-Z_]+")]
    private static partial Regex Words();
}
