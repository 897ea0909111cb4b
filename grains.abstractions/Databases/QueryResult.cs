namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The rows a query returned. Values are normalised to wire-friendly types: null, <see cref="bool"/>, <see cref="long"/>
/// (every integer type), <see cref="double"/>, <see cref="decimal"/>, <see cref="string"/> or byte arrays; other engine
/// types (dates, GUIDs, JSON, arrays...) arrive as their invariant text form.
/// </summary>
/// <param name="Columns">The column names, in result order (names may repeat).</param>
/// <param name="Rows">One list of values per row, in the order of <paramref name="Columns"/>.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.QueryResult")]
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>
    /// The engine's type name of each column, in result order, when the engine gives them (PostgreSQL: the data type
    /// names, e.g. <c>integer</c>, <c>timestamp with time zone</c>; SQLite: the declared column types, empty for an
    /// expression); null when it does not. Optional: consumers fall back to the values' own types.
    /// </summary>
    [Id(2)]
    public IReadOnlyList<string>? ColumnTypes { get; init; }

    /// <summary>The number of rows.</summary>
    public int Count => Rows.Count;
}
