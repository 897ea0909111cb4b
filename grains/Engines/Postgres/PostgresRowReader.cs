using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Reads a result set into a <see cref="QueryResult"/> with normalised values.</summary>
internal static class PostgresRowReader
{
    public static async Task<QueryResult> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var count = reader.FieldCount;
        var columns = new string[count];
        var types = new string[count];
        for (var i = 0; i < count; i++)
        {
            columns[i] = reader.GetName(i);
            types[i] = reader.GetDataTypeName(i);
        }

        var rows = new List<IReadOnlyList<object?>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[count];
            for (var i = 0; i < count; i++)
            {
                row[i] = ReadValue(reader, i, types[i]);
            }

            rows.Add(row);
        }

        return new QueryResult(columns, rows);
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
