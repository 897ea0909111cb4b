using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The PostgreSQL statements <c>pgbench -i</c> and <c>pgbench</c> send that SQLite cannot run as written, in SQLite's
/// terms (docs/pgwire.md, "pgbench"): storage parameters after CREATE TABLE dropped, TRUNCATE as DELETEs, a DROP TABLE
/// of several tables as one DROP each, <c>ALTER TABLE ... ADD PRIMARY KEY</c> as a unique index, VACUUM as ANALYZE (or
/// nothing). Any other statement is left as it is.
/// </summary>
internal static partial class SqliteDialect
{
    /// <summary>Whether a statement starting with <paramref name="keywords"/> (upper-cased) may be one this class rewrites.</summary>
    public static bool Applies(string keywords) =>
        keywords.StartsWith("TRUNCATE", StringComparison.Ordinal)
        || keywords.StartsWith("VACUUM", StringComparison.Ordinal)
        || keywords.StartsWith("CREATE TABLE", StringComparison.Ordinal)
        || keywords.StartsWith("DROP TABLE", StringComparison.Ordinal)
        || keywords.StartsWith("ALTER TABLE", StringComparison.Ordinal);

    /// <summary>
    /// The SQLite statements for <paramref name="text"/> (none: nothing to run; the frontend answers the tag alone), or
    /// null when it runs as written.
    /// </summary>
    public static IReadOnlyList<string>? Translate(string text)
    {
        var sql = text.Trim().TrimEnd(';').Trim();
        if (Truncate().Match(sql) is { Success: true } truncate)
        {
            return [.. Names(truncate.Groups["tables"].Value).Select(t => $"DELETE FROM {t}")];
        }

        if (DropTables().Match(sql) is { Success: true } drop && drop.Groups["tables"].Value.Contains(',', StringComparison.Ordinal))
        {
            var ifExists = drop.Groups["ifexists"].Success ? "IF EXISTS " : "";
            return [.. Names(drop.Groups["tables"].Value).Select(t => $"DROP TABLE {ifExists}{t}")];
        }

        if (AddPrimaryKey().Match(sql) is { Success: true } key)
        {
            var table = key.Groups["table"].Value;
            return [$"CREATE UNIQUE INDEX {Unquote(table)}_pkey ON {table} ({key.Groups["columns"].Value})"];
        }

        if (Vacuum().Match(sql) is { Success: true } vacuum)
        {
            // SQLite's VACUUM rewrites the whole file and takes no table; only the statistics part has a counterpart.
            var tables = Names(vacuum.Groups["tables"].Value).ToList();
            return !vacuum.Groups["options"].Value.Contains("ANALY", StringComparison.OrdinalIgnoreCase) ? []
                : tables.Count == 0 ? ["ANALYZE"]
                : [.. tables.Select(t => $"ANALYZE {t}")];
        }

        if (sql.StartsWith("CREATE", StringComparison.OrdinalIgnoreCase) && StorageParameters().Match(sql) is { Success: true } with)
        {
            return [sql[..(with.Index + 1)]];
        }

        return null;
    }

    private static IEnumerable<string> Names(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Unquote(string name) => name.Trim('"');

    [GeneratedRegex(@"^TRUNCATE\s+(TABLE\s+)?(ONLY\s+)?(?<tables>[\w"".]+(\s*,\s*[\w"".]+)*)(\s+(CONTINUE|RESTART)\s+IDENTITY)?(\s+(CASCADE|RESTRICT))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Truncate();

    [GeneratedRegex(@"^DROP\s+TABLE\s+(?<ifexists>IF\s+EXISTS\s+)?(?<tables>[\w"".]+(\s*,\s*[\w"".]+)*)(\s+(CASCADE|RESTRICT))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DropTables();

    [GeneratedRegex(@"^ALTER\s+TABLE\s+(ONLY\s+)?(?<table>[\w"".]+)\s+ADD\s+PRIMARY\s+KEY\s*\((?<columns>[^)]*)\)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddPrimaryKey();

    [GeneratedRegex(@"^VACUUM(?<options>(\s+(FULL|FREEZE|VERBOSE|ANALYZE|ANALYSE))*|\s*\([^)]*\))\s*(?<tables>[\w"".]+(\s*,\s*[\w"".]+)*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Vacuum();

    [GeneratedRegex(@"\)\s*WITH\s*\((\s*\w+\s*=\s*[\w.]+\s*,?)+\)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StorageParameters();
}
