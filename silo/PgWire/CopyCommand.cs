using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// A parsed <c>COPY table [(columns)] FROM STDIN [options]</c> or <c>COPY {table [(columns)] | (query)} TO STDOUT
/// [options]</c>, with PostgreSQL's options in either syntax: <c>WITH (FORMAT csv, HEADER, DELIMITER ',', NULL '',
/// QUOTE '"', ESCAPE '"', FREEZE)</c> or the older <c>[WITH] [DELIMITER 'x'] [NULL 'x'] [CSV [HEADER] [QUOTE 'q']
/// [ESCAPE 'e']]</c>.
/// </summary>
/// <param name="Table">The table (as written, quotes kept); null for a query.</param>
/// <param name="Columns">The columns named (as written); empty: all of the table's.</param>
/// <param name="Query">The query of <c>COPY (query) TO STDOUT</c>.</param>
/// <param name="From">True for FROM STDIN, false for TO STDOUT.</param>
/// <param name="Format">How rows are written.</param>
internal sealed partial record CopyCommand(string? Table, IReadOnlyList<string> Columns, string? Query, bool From, CopyFormat Format)
{
    /// <summary>Parses <paramref name="text"/>; anything but STDIN/STDOUT, or an option the frontend lacks, is a clear error.</summary>
    public static CopyCommand Parse(string text)
    {
        var sql = text.Trim().TrimEnd(';').TrimEnd();
        var match = Shape().Match(sql);
        if (!match.Success)
        {
            throw new PgWireException(PgSqlState.FeatureNotSupported,
                "only COPY table [(columns)] FROM STDIN and COPY {table | (query)} TO STDOUT are supported by the wire frontend (no server files or programs)");
        }

        var from = match.Groups["direction"].Value.Equals("FROM", StringComparison.OrdinalIgnoreCase);
        var query = match.Groups["query"].Success ? match.Groups["query"].Value : null;
        if (from && query is not null)
        {
            throw new PgWireException(PgSqlState.SyntaxError, "COPY FROM needs a table, not a query");
        }

        var columns = match.Groups["columns"].Success
            ? match.Groups["columns"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        var format = CopyFormat.Parse(match.Groups["options"].Value);
        return new CopyCommand(query is null ? match.Groups["table"].Value : null, columns, query, from, format);
    }

    [GeneratedRegex(@"^COPY\s+(\((?<query>.+)\)|(?<table>[\w"".]+)\s*(\((?<columns>[^)]*)\))?)\s*(?<direction>FROM|TO)\s+(STDIN|STDOUT)\b(?<options>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
