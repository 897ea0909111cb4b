using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Cli.Shell;

/// <summary>Whether a statement returns rows (sent to <c>/query</c>) or not (sent to <c>/exec</c>).</summary>
public static partial class StatementKind
{
    private static readonly HashSet<string> RowKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "with", "pragma", "explain", "values", "show", "table",
    };

    /// <summary>True for SELECT, WITH, PRAGMA, EXPLAIN, VALUES, SHOW, TABLE and any statement with RETURNING.</summary>
    public static bool ReturnsRows(string sql)
    {
        var first = FirstWord().Match(StripLeadingComments(sql));
        return (first.Success && RowKeywords.Contains(first.Groups[1].Value)) || Returning().IsMatch(Quoted().Replace(sql, "''"));
    }

    private static string StripLeadingComments(string sql)
    {
        var text = sql.TrimStart();
        while (true)
        {
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                var end = text.IndexOf('\n', StringComparison.Ordinal);
                text = end < 0 ? "" : text[(end + 1)..].TrimStart();
            }
            else if (text.StartsWith("/*", StringComparison.Ordinal))
            {
                var end = text.IndexOf("*/", StringComparison.Ordinal);
                text = end < 0 ? "" : text[(end + 2)..].TrimStart();
            }
            else
            {
                return text.TrimStart('(', ' ', '\t', '\r', '\n');
            }
        }
    }

    [GeneratedRegex(@"^([A-Za-z]+)")]
    private static partial Regex FirstWord();

    [GeneratedRegex(@"'(?:[^']|'')*'|""(?:[^""]|"""")*""")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\bRETURNING\b", RegexOptions.IgnoreCase)]
    private static partial Regex Returning();
}
