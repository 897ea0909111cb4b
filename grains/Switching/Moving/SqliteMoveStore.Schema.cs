using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>Reading a SQLite table's columns and indexes from the <c>pragma_*</c> table-valued functions.</summary>
internal sealed partial class SqliteMoveStore
{
    private static async Task<StoreTable> ReadTableAsync(DbConnection connection, string name, string? sql, CancellationToken cancellationToken)
    {
        var columns = new List<StoreColumn>();
        await using (var command = Command(connection, "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(@t) ORDER BY cid"))
        {
            command.Parameters.AddWithValue("@t", name);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var hidden = reader.GetInt64(5);
                columns.Add(new StoreColumn(
                    reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, (int)reader.GetInt64(4),
                    reader.IsDBNull(3) ? null : reader.GetString(3), Identity: false,
                    Problem: hidden is 2 or 3 ? "is a generated column, which the mover cannot carry" : null));
            }
        }

        var keys = columns.Where(c => c.KeyOrdinal > 0).ToList();
        var withoutRowid = sql is not null && WithoutRowid().IsMatch(sql);
        if (keys.Count == 1 && !withoutRowid && string.Equals(keys[0].Type, "INTEGER", StringComparison.OrdinalIgnoreCase))
        {
            columns[columns.IndexOf(keys[0])] = keys[0] with { Identity = true };
        }

        var indexes = new List<StoreIndex>();
        var found = new List<(string Name, bool Unique, string Origin, bool Partial, string? Sql)>();
        await using (var command = Command(connection,
            "SELECT il.name, il.\"unique\", il.origin, il.partial, m.sql FROM pragma_index_list(@t) AS il LEFT JOIN sqlite_master AS m ON m.type = 'index' AND m.name = il.name"))
        {
            command.Parameters.AddWithValue("@t", name);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add((reader.GetString(0), reader.GetInt64(1) != 0, reader.GetString(2), reader.GetInt64(3) != 0, reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        foreach (var index in found.Where(i => i.Origin != "pk"))
        {
            var indexColumns = new List<string>();
            var plain = !index.Partial;
            await using (var command = Command(connection, "SELECT cid, name FROM pragma_index_xinfo(@i) WHERE key = 1 ORDER BY seqno"))
            {
                command.Parameters.AddWithValue("@i", index.Name);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.GetInt64(0) < 0 || reader.IsDBNull(1))
                    {
                        plain = false;
                    }
                    else
                    {
                        indexColumns.Add(reader.GetString(1));
                    }
                }
            }

            var indexName = index.Sql is null ? $"{name}_{string.Join("_", indexColumns)}_key" : index.Name;
            indexes.Add(new StoreIndex(indexName, index.Unique, indexColumns, index.Sql, plain));
        }

        return new StoreTable(name, columns, indexes, sql);
    }
}
