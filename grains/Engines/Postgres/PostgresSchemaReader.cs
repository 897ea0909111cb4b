using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Reads the user tables and their columns from information_schema (not the product's own <c>_dyndb_</c> tables).</summary>
internal static class PostgresSchemaReader
{
    private const string Sql = """
        SELECT c.table_schema, c.table_name, c.column_name,
               CASE WHEN c.data_type IN ('ARRAY', 'USER-DEFINED') THEN c.udt_name ELSE c.data_type END,
               c.is_nullable = 'NO',
               EXISTS (
                   SELECT 1
                   FROM information_schema.table_constraints AS tc
                   JOIN information_schema.key_column_usage AS k
                     ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
                   WHERE tc.constraint_type = 'PRIMARY KEY'
                     AND tc.table_schema = c.table_schema AND tc.table_name = c.table_name
                     AND k.column_name = c.column_name)
        FROM information_schema.columns AS c
        JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE t.table_type = 'BASE TABLE'
          AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND c.table_schema NOT LIKE 'pg\_%'
          AND c.table_name NOT LIKE '\_dyndb\_%'
        ORDER BY c.table_schema, c.table_name, c.ordinal_position
        """;

    public static async Task<DatabaseSchema> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = new Dictionary<string, List<ColumnSchema>>(StringComparer.Ordinal);
        using var command = new NpgsqlCommand(Sql, connection);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var schema = reader.GetString(0);
            var table = schema == "public" ? reader.GetString(1) : $"{schema}.{reader.GetString(1)}";
            if (!tables.TryGetValue(table, out var columns))
            {
                tables[table] = columns = [];
            }

            columns.Add(new ColumnSchema(reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetBoolean(5)));
        }

        return new DatabaseSchema(tables
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TableSchema(t.Key, t.Value))
            .ToList());
    }
}
