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

    /// <summary>
    /// The declared type of each column (<see cref="SqliteDataReader.GetDataTypeName"/>: the table's declared type, or
    /// the storage class of the first row's value for an expression, <c>BLOB</c> when there is no row). SQLite's own
    /// <c>INTEGER</c> and <c>REAL</c> are 64-bit whatever a value holds (and an expression such as <c>count(*)</c> reports
    /// them too), so they are given as <c>bigint</c> and <c>double precision</c>: a client never gets a narrower type
    /// whose width would change with the data.
    /// </summary>
    public static IReadOnlyList<string> Types(SqliteDataReader reader)
    {
        var types = new string[reader.FieldCount];
        for (var i = 0; i < types.Length; i++)
        {
            var type = reader.GetDataTypeName(i);
            types[i] = type.Equals("INTEGER", StringComparison.OrdinalIgnoreCase) ? "bigint"
                : type.Equals("REAL", StringComparison.OrdinalIgnoreCase) ? "double precision"
                : type;
        }

        return types;
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
