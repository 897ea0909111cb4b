using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>Reads the user tables from sqlite_master and their columns from pragma table_info (not the product's own <c>_dyndb_</c> tables).</summary>
internal static class SqliteSchemaReader
{
    private const string Sql = """
        SELECT m.name, p.name, p.type, p."notnull", p.pk
        FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_dyndb\_%' ESCAPE '\'
        ORDER BY m.name, p.cid
        """;

    public static DatabaseSchema Read(SqliteConnection connection)
    {
        var tables = new List<TableSchema>();
        string? table = null;
        var columns = new List<ColumnSchema>();
        using var command = new SqliteCommand(Sql, connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (table is not null && name != table)
            {
                tables.Add(new TableSchema(table, columns));
                columns = [];
            }

            table = name;
            columns.Add(new ColumnSchema(reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0, reader.GetInt64(4) > 0));
        }

        if (table is not null)
        {
            tables.Add(new TableSchema(table, columns));
        }

        return new DatabaseSchema(tables);
    }
}
