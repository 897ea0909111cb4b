using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The columns of a result as described to the client: names and type OIDs (from the first non-null value of each column).</summary>
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

            types[c] = PgType.Of(sample);
        }

        return new RowShape(names, types);
    }

    /// <summary>One text column.</summary>
    public static RowShape Text(string name) => new([name], [PgType.Text]);
}
