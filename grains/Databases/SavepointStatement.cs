using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Recognises <c>ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name</c> in an interactive transaction: the one statement a
/// failed transaction still takes besides its end, because (as in PostgreSQL) rolling back to a savepoint clears the
/// failure. Leading white space and SQL comments are skipped.
/// </summary>
internal static partial class SavepointStatement
{
    /// <summary>True when <paramref name="sql"/> starts with <c>ROLLBACK [WORK | TRANSACTION] TO</c>.</summary>
    public static bool IsRollbackTo(string? sql) => sql is not null && RollbackTo().IsMatch(sql);

    [GeneratedRegex(@"^(?:\s+|--[^\n]*\n|/\*.*?\*/)*ROLLBACK\s+(?:(?:WORK|TRANSACTION)\s+)?TO\b", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex RollbackTo();
}
