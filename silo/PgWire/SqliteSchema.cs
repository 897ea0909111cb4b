using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// A SQLite table's columns, indexes and foreign keys in the shape of psql 15's <c>\d NAME</c> queries, read with SQLite's
/// table-valued pragma functions through the database's grain.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>psql's column query: name, type, default, not null, collation, identity, generated.</summary>
    public static async Task<QueryResult> ColumnsAsync(SqliteObject table, PsqlCatalogAnswers.Query query)
    {
        var columns = await query("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid", table.Name).ConfigureAwait(false);
        return new QueryResult(
            ["attname", "format_type", "pg_get_expr", "attnotnull", "attcollation", "attidentity", "attgenerated"],
            [.. columns.Rows.Select(c => (IReadOnlyList<object?>)[c[0], ((string?)c[1] ?? "").ToLowerInvariant(), c[3], (long)c[2]! != 0 || IsRowid(c), null, "", ""])]);
    }

    /// <summary>psql's index query: one row per index, the primary key first (a rowid alias gets a <c>{table}_pkey</c> entry).</summary>
    public static async Task<QueryResult> IndexesAsync(SqliteObject table, PsqlCatalogAnswers.Query query)
    {
        var columns = await query("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY pk", table.Name).ConfigureAwait(false);
        var indexes = await query(
            "SELECT il.name, il.\"unique\", il.origin, ii.name FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii ORDER BY il.name, ii.seqno",
            table.Name).ConfigureAwait(false);
        var rows = new List<IReadOnlyList<object?>>();
        var primaryKey = columns.Rows.Where(c => (long)c[4]! > 0).Select(c => (string)c[0]!).ToArray();
        var byIndex = indexes.Rows.GroupBy(r => (Name: (string)r[0]!, Unique: (long)r[1]! != 0, Origin: (string)r[2]!), r => (string?)r[3] ?? "(expression)").ToList();
        if (primaryKey.Length > 0)
        {
            var name = byIndex.FirstOrDefault(g => g.Key.Origin == "pk")?.Key.Name ?? $"{table.Name}_pkey";
            rows.Add(Index(name, table.Name, primaryKey, primary: true, unique: true, "p"));
        }

        foreach (var index in byIndex.Where(g => g.Key.Origin != "pk").OrderBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            rows.Add(Index(index.Key.Name, table.Name, [.. index], primary: false, index.Key.Unique, index.Key.Origin == "u" ? "u" : null));
        }

        return new QueryResult(
            ["relname", "indisprimary", "indisunique", "indisclustered", "indisvalid", "pg_get_indexdef", "pg_get_constraintdef", "contype", "condeferrable", "condeferred", "indisreplident", "reltablespace"],
            rows);
    }

    /// <summary>psql's foreign-key query: same table, name, definition, table.</summary>
    public static async Task<QueryResult> ForeignKeysAsync(SqliteObject table, PsqlCatalogAnswers.Query query)
    {
        var keys = await query("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq", table.Name).ConfigureAwait(false);
        return new QueryResult(["sametable", "conname", "condef", "ontable"],
            [.. keys.Rows.GroupBy(k => (long)k[0]!).Select(g =>
            {
                var from = string.Join(", ", g.Select(k => (string)k[2]!));
                var to = string.Join(", ", g.Select(k => (string?)k[3] ?? "?"));
                var target = (string)g.First()[1]!;
                return (IReadOnlyList<object?>)[true, $"{table.Name}_{string.Join("_", g.Select(k => (string)k[2]!))}_fkey", $"FOREIGN KEY ({from}) REFERENCES {target}({to})", table.Name];
            })]);
    }

    private static IReadOnlyList<object?> Index(string name, string table, string[] columns, bool primary, bool unique, string? contype)
    {
        var list = string.Join(", ", columns);
        var definition = $"CREATE {(unique ? "UNIQUE " : "")}INDEX {name} ON public.{table} USING btree ({list})";
        var constraint = contype switch { "p" => $"PRIMARY KEY ({list})", "u" => $"UNIQUE ({list})", _ => null };
        return [name, primary, unique, false, true, definition, constraint, contype, false, false, false, 0L];
    }

    // INTEGER PRIMARY KEY is SQLite's rowid: never null, even without NOT NULL.
    private static bool IsRowid(IReadOnlyList<object?> column) =>
        (long)column[4]! > 0 && string.Equals((string?)column[1], "INTEGER", StringComparison.OrdinalIgnoreCase);
}
