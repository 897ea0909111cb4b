using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The columns of a result as described to the client: names and type OIDs (from the engine's column types when the
/// result carries them, else from the first non-null value of each column).
/// </summary>
internal sealed record RowShape(string[] Names, int[] Types)
{
    /// <summary>The shape of <paramref name="result"/>.</summary>
    public static RowShape Of(QueryResult result)
    {
        var names = result.Columns.ToArray();
        var types = new int[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            object? sample = null;
            foreach (var row in result.Rows)
            {
                if (row[c] is { } value)
                {
                    sample = value;
                    break;
                }
            }

            // The engine's column type when it gave one the frontend sends and every value of the column can be sent as
            // it (SQLite stores any value in any column: an INTEGER column may hold text), else the type of the first value.
            types[c] = result.ColumnTypes is { } engineTypes && c < engineTypes.Count && PgType.FromName(engineTypes[c]) is { } oid
                && result.Rows.All(row => PgTypedValueWriter.CanWrite(row[c], oid))
                ? oid
                : PgType.Of(sample);
        }

        return new RowShape(names, types);
    }

    /// <summary>One text column.</summary>
    public static RowShape Text(string name) => new([name], [PgType.Text]);
}
