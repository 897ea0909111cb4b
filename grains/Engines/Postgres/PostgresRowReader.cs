using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Reads result rows with normalised values, whole (<see cref="ReadAsync"/>) or one at a time (<see cref="ReadRow"/>).</summary>
internal static class PostgresRowReader
{
    public static async Task<QueryResult> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var (columns, types) = Describe(reader);
        var rows = new List<IReadOnlyList<object?>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(ReadRow(reader, types));
        }

        return new QueryResult(columns, rows) { ColumnTypes = types };
    }

    /// <summary>The column names and data type names of the current result.</summary>
    public static (string[] Columns, string[] Types) Describe(NpgsqlDataReader reader)
    {
        var count = reader.FieldCount;
        var columns = new string[count];
        var types = new string[count];
        for (var i = 0; i < count; i++)
        {
            columns[i] = reader.GetName(i);
            types[i] = reader.GetDataTypeName(i);
        }

        return (columns, types);
    }

    /// <summary>The current row, values normalised as <see cref="QueryResult"/> documents.</summary>
    public static object?[] ReadRow(NpgsqlDataReader reader, string[] types)
    {
        var row = new object?[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            row[i] = ReadValue(reader, i, types[i]);
        }

        return row;
    }

    private static object? ReadValue(NpgsqlDataReader reader, int ordinal, string dataTypeName)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        try
        {
            return EngineValues.FromEngine(reader.GetValue(ordinal), dataTypeName);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException)
        {
            // numeric values outside decimal's range (or NaN/Infinity) still read as double.
            return reader.GetDouble(ordinal);
        }
    }
}
