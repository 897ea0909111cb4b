using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>Turns a source's tables into <see cref="TableMove"/>s for a target dialect, collecting every reason one cannot move.</summary>
internal static class MovePlanner
{
    private static readonly string[] ChangeColumns = ["seq", "tbl", "op", "image"];

    /// <summary>True for the change table the mover itself creates (a leftover of an interrupted move), recognised by its shape.</summary>
    public static bool IsOwnChangeTable(StoreTable table) =>
        table.Name == Sql.ChangeTable && table.Columns.Select(c => c.Name).SequenceEqual(ChangeColumns);

    /// <summary>The planned tables; every problem is added to <paramref name="reasons"/> naming table, column and type.</summary>
    public static List<TableMove> Translate(SqlDialect from, SqlDialect to, IReadOnlyList<StoreTable> tables, List<string> reasons)
    {
        var moves = new List<TableMove>();
        foreach (var table in tables)
        {
            if (IsOwnChangeTable(table))
            {
                continue;
            }

            if (table.Name.StartsWith(Sql.ReservedPrefix, StringComparison.Ordinal))
            {
                reasons.Add($"table '{table.Name}' uses the reserved prefix '{Sql.ReservedPrefix}' (the mover keeps its change log as '{Sql.ChangeTable}'): rename it");
                continue;
            }

            if (table.Problem is not null)
            {
                reasons.Add($"table '{table.Name}' {table.Problem}");
                continue;
            }

            var problems = new List<string>();
            if (table.Key.Count == 0)
            {
                problems.Add("has no primary key (the mover replays changes by key): add one");
            }

            var columns = new List<ColumnMove>();
            foreach (var column in table.Columns)
            {
                var (move, problem) = TypeTranslator.Translate(from, to, column);
                if (problem is not null)
                {
                    problems.Add(problem);
                }
                else
                {
                    columns.Add(move!);
                }
            }

            var indexes = new List<IndexMove>();
            foreach (var index in table.Indexes)
            {
                if (from == to)
                {
                    if (index.Sql is not null)
                    {
                        indexes.Add(new IndexMove(index.Name, index.Unique, index.Columns, index.Sql));
                    }
                }
                else if (!index.Plain)
                {
                    problems.Add($"index '{index.Name}' uses an expression or a WHERE clause, which the mover cannot translate: drop it or make it a plain column index");
                }
                else
                {
                    indexes.Add(new IndexMove(index.Name, index.Unique, index.Columns, null));
                }
            }

            if (problems.Count > 0)
            {
                reasons.AddRange(problems.Select(p => $"table '{table.Name}' {p}"));
                continue;
            }

            var targetSql = from == SqlDialect.Sqlite && to == SqlDialect.Sqlite ? table.Sql : null;
            moves.Add(new TableMove(table.Name, columns, table.Key, indexes, targetSql));
        }

        return moves;
    }
}
