using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// The mover on SQLite. Change capture: an AUTOINCREMENT <c>_dyndb_changes</c> table and AFTER row triggers recording each
/// row as SQLite <c>quote()</c> literals; SQLite has one writer at a time, so seq order is commit order.
/// </summary>
internal sealed partial class SqliteMoveStore : MoveStore
{
    /// <summary>Rows per transaction when bulk inserting.</summary>
    private const int RowsPerTransaction = 20_000;

    public static readonly SqliteMoveStore Instance = new();

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override async Task<IReadOnlyList<StoreTable>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(string Name, string? Sql)>();
        await using (var command = Command(connection, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        var result = new List<StoreTable>();
        foreach (var (name, sql) in tables)
        {
            result.Add(await ReadTableAsync(connection, name, sql, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    public override async Task<long> SizeAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(connection, null, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", cancellationToken).ConfigureAwait(false))!;

    public override Task CreateTableAsync(DbConnection connection, TableMove table, CancellationToken cancellationToken)
    {
        if (table.TargetSql is not null)
        {
            return ExecAsync(connection, null, table.TargetSql, cancellationToken);
        }

        var singleIdentity = table.KeyColumns.Count == 1 && table.Columns.Single(c => c.Name == table.KeyColumns[0]).Identity;
        var columns = table.Columns.Select(c =>
            singleIdentity && c.Identity
                ? $"{Sql.Id(c.Name)} INTEGER PRIMARY KEY"
                : $"{Sql.Id(c.Name)} {c.TargetType}{(c.NotNull ? " NOT NULL" : "")}{(c.TargetDefault is null ? "" : " DEFAULT " + c.TargetDefault)}");
        var key = singleIdentity ? "" : $", PRIMARY KEY ({Sql.Ids(table.KeyColumns)})";
        return ExecAsync(connection, null, $"CREATE TABLE {Sql.Id(table.Name)} ({string.Join(", ", columns)}{key})", cancellationToken);
    }

    public override async Task CreateIndexesAsync(DbConnection connection, TableMove table, CancellationToken cancellationToken)
    {
        foreach (var index in table.Indexes)
        {
            var sql = index.TargetSql
                ?? $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Sql.Id(index.Name)} ON {Sql.Id(table.Name)} ({Sql.Ids(index.Columns)})";
            await ExecAsync(connection, null, sql, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task StartCaptureAsync(DbConnection connection, IReadOnlyList<TableMove> tables, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS {Sql.ChangeTable} (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, op TEXT NOT NULL, image TEXT NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        foreach (var table in tables)
        {
            var tag = Sql.Tag(table.Name);
            var name = Sql.Literal(table.Name);
            var newRow = Image(table.Columns.Select(c => c.Name), "NEW");
            var oldKey = Image(table.KeyColumns, "OLD");
            var keyChanged = string.Join(" OR ", table.KeyColumns.Select(k => $"OLD.{Sql.Id(k)} IS NOT NEW.{Sql.Id(k)}"));
            var insert = $"INSERT INTO {Sql.ChangeTable} (tbl, op, image) VALUES ({name}, ";
            await ExecAsync(connection, transaction,
                $"CREATE TRIGGER IF NOT EXISTS \"_dyndb_{tag}_i\" AFTER INSERT ON {Sql.Id(table.Name)} BEGIN {insert}'U', {newRow}); END",
                cancellationToken).ConfigureAwait(false);
            await ExecAsync(connection, transaction,
                $"CREATE TRIGGER IF NOT EXISTS \"_dyndb_{tag}_u\" AFTER UPDATE ON {Sql.Id(table.Name)} BEGIN " +
                $"INSERT INTO {Sql.ChangeTable} (tbl, op, image) SELECT {name}, 'D', {oldKey} WHERE {keyChanged}; {insert}'U', {newRow}); END",
                cancellationToken).ConfigureAwait(false);
            await ExecAsync(connection, transaction,
                $"CREATE TRIGGER IF NOT EXISTS \"_dyndb_{tag}_d\" AFTER DELETE ON {Sql.Id(table.Name)} BEGIN {insert}'D', {oldKey}); END",
                cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopCaptureAsync(DbConnection connection, IReadOnlyList<TableMove> tables, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var triggers = new List<string>();
        await using (var command = Command(connection, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '\\_dyndb\\_%' ESCAPE '\\'", transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                triggers.Add(reader.GetString(0));
            }
        }

        foreach (var trigger in triggers)
        {
            await ExecAsync(connection, transaction, $"DROP TRIGGER IF EXISTS {Sql.Id(trigger)}", cancellationToken).ConfigureAwait(false);
        }

        await ExecAsync(connection, transaction, $"DROP TABLE IF EXISTS {Sql.ChangeTable}", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<bool> CaptureExistsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(connection, transaction, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{Sql.ChangeTable}'", cancellationToken).ConfigureAwait(false))! > 0;

    public override async Task<long> LastSeqAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(connection, transaction, $"SELECT COALESCE(MAX(seq), 0) FROM {Sql.ChangeTable}", cancellationToken).ConfigureAwait(false))!;

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: true);
        // A deferred transaction takes its snapshot at its first read: read now.
        await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM sqlite_master", cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    public override async IAsyncEnumerable<object?[]> ReadRowsAsync(
        DbConnection connection, DbTransaction? transaction, TableMove table, MoveSide side, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT {Sql.Ids(table.Columns.Select(c => c.Name))} FROM {Sql.Id(table.Name)}", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var raw = new object?[table.Columns.Count];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            var row = new object?[raw.Length];
            for (var i = 0; i < raw.Length; i++)
            {
                row[i] = MoveValues.FromSqlite(table.Columns[i].Kind, raw[i], new RowContext(table, i, () => RowKeys.Describe(table, raw)));
            }

            yield return row;
        }
    }

    public override async Task<(long Rows, long Bytes)> WriteRowsAsync(
        DbConnection connection, TableMove table, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var columns = table.Columns;
        var sql = $"INSERT INTO {Sql.Id(table.Name)} ({Sql.Ids(columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        long count = 0, bytes = 0;
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var command = Command(connection, sql, transaction);
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("@p" + i, null))).ToArray();
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i].Value = MoveValues.ToSqlite(columns[i].Kind, row[i]);
                    bytes += ApproximateSize(row[i]);
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (++count % RowsPerTransaction == 0)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.DisposeAsync().ConfigureAwait(false);
                    transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    command.Transaction = transaction;
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (count, bytes);
        }
        finally
        {
            await command.DisposeAsync().ConfigureAwait(false);
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override async Task<IReadOnlyList<MoveChange>> ReadChangesAsync(
        DbConnection connection, MovePlan plan, MoveSide side, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var changes = new List<MoveChange>();
        await using var command = Command(connection, $"SELECT seq, tbl, op, image FROM {Sql.ChangeTable} WHERE seq > @after ORDER BY seq LIMIT @limit");
        command.Parameters.AddWithValue("@after", afterSeq);
        command.Parameters.AddWithValue("@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var seq = reader.GetInt64(0);
            var table = plan.Table(reader.GetString(1)) ?? throw MoveErrors.UnplannedTable(reader.GetString(1), seq);
            var delete = reader.GetString(2) == "D";
            var raw = SqliteLiterals.Parse(reader.GetString(3));
            var positions = delete ? table.KeyIndexes : Enumerable.Range(0, table.Columns.Count).ToList();
            var values = new object?[raw.Count];
            for (var i = 0; i < raw.Count; i++)
            {
                var at = positions[i];
                values[i] = MoveValues.FromSqlite(table.Columns[at].Kind, raw[i],
                    new RowContext(table, at, () => delete ? RowKeys.DescribeKey(table, raw) : RowKeys.Describe(table, raw)));
            }

            changes.Add(new MoveChange(seq, table, delete, values));
        }

        return changes;
    }

    public override async Task<long> CountChangesAsync(DbConnection connection, long afterSeq, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT COUNT(*) FROM {Sql.ChangeTable} WHERE seq > @after");
        command.Parameters.AddWithValue("@after", afterSeq);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public override async Task ApplyAsync(DbConnection connection, MoveSide side, IReadOnlyList<MoveChange> changes, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var commands = new Dictionary<(string Table, bool Delete), SqliteCommand>();
        try
        {
            foreach (var change in changes)
            {
                if (!commands.TryGetValue((change.Table.Name, change.Delete), out var command))
                {
                    command = Command(connection, change.Delete ? DeleteSql(change.Table) : UpsertSql(change.Table), transaction);
                    for (var i = 0; i < change.Values.Count; i++)
                    {
                        command.Parameters.Add(new SqliteParameter("@p" + i, null));
                    }

                    commands[(change.Table.Name, change.Delete)] = command;
                }

                var positions = change.Delete ? change.Table.KeyIndexes : Enumerable.Range(0, change.Table.Columns.Count).ToList();
                for (var i = 0; i < change.Values.Count; i++)
                {
                    command.Parameters[i].Value = MoveValues.ToSqlite(change.Table.Columns[positions[i]].Kind, change.Values[i]);
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    internal static long ApproximateSize(object? value) => value switch
    {
        null => 1,
        string s => s.Length,
        byte[] b => b.Length,
        _ => 8,
    };

    private static string UpsertSql(TableMove table)
    {
        var columns = table.Columns.Select(c => c.Name).ToList();
        var others = columns.Where(c => !table.KeyColumns.Contains(c)).ToList();
        var onConflict = others.Count == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", others.Select(c => $"{Sql.Id(c)} = excluded.{Sql.Id(c)}"));
        return $"INSERT INTO {Sql.Id(table.Name)} ({Sql.Ids(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))}) " +
            $"ON CONFLICT ({Sql.Ids(table.KeyColumns)}) {onConflict}";
    }

    private static string DeleteSql(TableMove table) =>
        $"DELETE FROM {Sql.Id(table.Name)} WHERE {string.Join(" AND ", table.KeyColumns.Select((k, i) => $"{Sql.Id(k)} = @p{i}"))}";

    private static string Image(IEnumerable<string> columns, string row) =>
        string.Join(" || ',' || ", columns.Select(c => $"quote({row}.{Sql.Id(c)})"));

    private static SqliteCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null) =>
        new(sql, (SqliteConnection)connection, (SqliteTransaction?)transaction);

    private static async Task ExecAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, transaction);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex(@"\)\s*WITHOUT\s+ROWID\s*(,|$)", RegexOptions.IgnoreCase)]
    private static partial Regex WithoutRowid();
}
