namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>Quoting shared by both dialects.</summary>
internal static class Sql
{
    /// <summary>The change log's table name on every engine.</summary>
    public const string ChangeTable = "_dyndb_changes";

    /// <summary>The prefix of every object the mover (or the product) keeps in a tenant database.</summary>
    public const string ReservedPrefix = "_dyndb_";

    /// <summary>A double-quoted identifier.</summary>
    public static string Id(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A single-quoted string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A comma-separated list of quoted identifiers.</summary>
    public static string Ids(IEnumerable<string> names) => string.Join(", ", names.Select(Id));

    /// <summary>A short, stable, identifier-safe tag for a table (trigger and function names stay under 63 bytes).</summary>
    public static string Tag(string table) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(table)))[..12];
}
