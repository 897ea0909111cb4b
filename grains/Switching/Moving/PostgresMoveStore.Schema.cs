using System.Data.Common;
using Npgsql;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>Reading a PostgreSQL database's tables, columns and indexes from the system catalogs.</summary>
internal sealed partial class PostgresMoveStore
{
    private const string ColumnsSql = """
        SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               COALESCE(array_position(pk.conkey, a.attnum), 0), pg_get_expr(d.adbin, d.adrelid),
               a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false),
               t.typnamespace = 'pg_catalog'::regnamespace, a.attgenerated <> ''
        FROM pg_class AS c
        JOIN pg_namespace AS n ON n.oid = c.relnamespace
        JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type AS t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef AS d ON d.adrelid = c.oid AND d.adnum = a.attnum
        LEFT JOIN pg_constraint AS pk ON pk.conrelid = c.oid AND pk.contype = 'p'
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
        ORDER BY n.nspname, c.relname, a.attnum
        """;

    private const string IndexesSql = """
        SELECT c.relname, i.relname, x.indisunique, pg_get_indexdef(x.indexrelid), x.indexprs IS NULL AND x.indpred IS NULL,
               ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(n, o)
                     JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = k.n ORDER BY k.o)
        FROM pg_index AS x
        JOIN pg_class AS c ON c.oid = x.indrelid
        JOIN pg_class AS i ON i.oid = x.indexrelid
        JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE NOT x.indisprimary AND n.nspname = 'public'
        ORDER BY i.relname
        """;

    public override async Task<IReadOnlyList<StoreTable>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, (List<StoreColumn> Columns, string? Problem)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(ColumnsSql, (NpgsqlConnection)connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var schema = reader.GetString(0);
                var table = schema == "public" ? reader.GetString(1) : $"{schema}.{reader.GetString(1)}";
                if (!columns.TryGetValue(table, out var entry))
                {
                    columns[table] = entry = ([], schema == "public" ? null : $"is in the schema '{schema}'; only tables of the schema public move");
                }

                var type = reader.GetString(3);
                var identity = reader.GetBoolean(7) && type is "smallint" or "integer" or "bigint";
                var problem = reader.GetBoolean(9) ? "is a generated column, which the mover cannot carry"
                    : !reader.GetBoolean(8) ? $"has the user-defined type '{type}' (enum, domain, composite or range type of the database), which the mover cannot carry"
                    : null;
                entry.Columns.Add(new StoreColumn(
                    reader.GetString(2), type, reader.GetBoolean(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), identity, problem));
            }
        }

        var indexes = new Dictionary<string, List<StoreIndex>>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(IndexesSql, (NpgsqlConnection)connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var table = reader.GetString(0);
                if (!indexes.TryGetValue(table, out var list))
                {
                    indexes[table] = list = [];
                }

                list.Add(new StoreIndex(reader.GetString(1), reader.GetBoolean(2), reader.GetFieldValue<string[]>(5), reader.GetString(3), reader.GetBoolean(4)));
            }
        }

        return columns
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new StoreTable(t.Key, t.Value.Columns, indexes.GetValueOrDefault(t.Key) ?? [], null, t.Value.Problem))
            .ToList();
    }
}
