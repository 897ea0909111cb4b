using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>Copies columns and rows out of a SQLite reader, values normalised by <see cref="EngineValues.FromEngine"/>.</summary>
internal static class SqliteRows
{
    public static IReadOnlyList<string> Columns(SqliteDataReader reader)
    {
        var columns = new string[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = reader.GetName(i);
        }

        return columns;
    }

    /// <summary>The current row.</summary>
    public static IReadOnlyList<object?> Current(SqliteDataReader reader)
    {
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = EngineValues.FromEngine(reader.GetValue(i));
        }

        return row;
    }
}
