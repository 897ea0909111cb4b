using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>The streaming SQLite cursor: batches within the caps, every row once, its connection given back, ended by a close.</summary>
public sealed class SqliteRowCursorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<SqliteTestEngine> _engines = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task Batches_hold_at_most_max_rows_and_return_every_row_exactly_once()
    {
        var a = await FilledAsync(Engine(), rows: 1000);
        await using var cursor = await a.OpenCursorAsync(new Statement("SELECT id, v FROM t ORDER BY id"));

        var batches = await ReadAllAsync(cursor, maxRows: 300, maxBytes: long.MaxValue);

        Assert.Equal(["id", "v"], cursor.Columns);
        Assert.Equal([300, 300, 300, 100], batches.Select(b => b.Rows.Count));
        Assert.Equal([false, false, false, true], batches.Select(b => b.Completed));
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), batches.SelectMany(b => b.Rows).Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task A_batch_stops_at_the_row_that_reaches_max_bytes()
    {
        var a = await FilledAsync(Engine(), rows: 100);
        var rowSize = RowSize.Of([1L, new string('x', 98)]);
        await using var cursor = await a.OpenCursorAsync(new Statement("SELECT id, v FROM t ORDER BY id"));

        var batches = await ReadAllAsync(cursor, maxRows: 1000, maxBytes: (rowSize * 10) - 1);

        Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 10], batches.Select(b => b.Rows.Count));
        Assert.All(batches, b => Assert.Equal(rowSize * 10, b.Bytes));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), batches.SelectMany(b => b.Rows).Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task A_batch_holds_at_least_one_row_even_when_it_is_larger_than_max_bytes()
    {
        var a = await FilledAsync(Engine(), rows: 3);
        await using var cursor = await a.OpenCursorAsync(new Statement("SELECT id, v FROM t ORDER BY id"));

        var batches = await ReadAllAsync(cursor, maxRows: 10, maxBytes: 1);

        Assert.Equal([1, 1, 1], batches.Select(b => b.Rows.Count));
    }

    [Fact]
    public async Task A_result_of_exactly_max_rows_completes_in_one_batch()
    {
        var a = await FilledAsync(Engine(), rows: 5);
        await using var cursor = await a.OpenCursorAsync(new Statement("SELECT id FROM t"));

        var batch = await cursor.ReadAsync(5, long.MaxValue);

        Assert.Equal(5, batch.Rows.Count);
        Assert.True(batch.Completed);
        Assert.Empty((await cursor.ReadAsync(5, long.MaxValue)).Rows);
    }

    [Fact]
    public async Task Disposing_a_cursor_gives_its_connection_back_so_the_log_can_be_checkpointed()
    {
        var sqlite = Engine();
        var a = await FilledAsync(sqlite, rows: 1000);
        var cursor = await a.OpenCursorAsync(new Statement("SELECT id FROM t"));
        Assert.Equal(10, (await cursor.ReadAsync(10, long.MaxValue)).Rows.Count);
        Assert.False(sqlite.TryTruncateWal("a"), "an open cursor holds the write-ahead log");

        await cursor.DisposeAsync();

        Assert.True(sqlite.TryTruncateWal("a"), "after the cursor is disposed nothing holds the write-ahead log");
        await a.CloseAsync();
        Assert.Equal(0, sqlite.WalLength("a"));
    }

    [Fact]
    public async Task Closing_the_database_ends_an_open_cursor_and_checkpoints_cleanly()
    {
        var sqlite = Engine();
        var a = await FilledAsync(sqlite, rows: 1000);
        var cursor = await a.OpenCursorAsync(new Statement("SELECT id FROM t"));
        Assert.Equal(10, (await cursor.ReadAsync(10, long.MaxValue)).Rows.Count);

        await Eventually.Within(a.CloseAsync(), "closing with a cursor open");

        Assert.Equal(0, sqlite.WalLength("a"));
        var error = await Assert.ThrowsAsync<DynamicDbException>(() => cursor.ReadAsync(10, long.MaxValue));
        Assert.Equal(ErrorCodes.EngineUnavailable, error.ErrorCode);
        Assert.Contains("was closed", error.Message);
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task Closing_the_database_interrupts_a_batch_being_read()
    {
        var sqlite = Engine();
        var a = await sqlite.OpenAsync("a");
        await using var cursor = await a.OpenCursorAsync(new Statement(SqliteTestEngine.FirstRowThenRunaway));
        var reading = cursor.ReadAsync(10, long.MaxValue);
        await Eventually.True(() => sqlite.LoadOf("a").Busy == 1, "the batch is being read on a worker");

        await Eventually.Within(a.CloseAsync(), "closing while a batch is read");

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => reading);
        Assert.Equal(ErrorCodes.EngineUnavailable, error.ErrorCode);
        Assert.Equal((0, 0), sqlite.LoadOf("a"));
    }

    [Fact]
    public async Task A_batch_running_past_the_statement_timeout_fails_with_sql_timeout_and_frees_its_worker()
    {
        var sqlite = Engine(o => o.StatementTimeout = TimeSpan.FromMilliseconds(300));
        var a = await sqlite.OpenAsync("a");
        await using var cursor = await a.OpenCursorAsync(new Statement(SqliteTestEngine.FirstRowThenRunaway));

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(cursor.ReadAsync(10, long.MaxValue), "the runaway batch"));

        Assert.Equal(ErrorCodes.SqlTimeout, error.ErrorCode);
        Assert.Equal((0, 0), sqlite.LoadOf("a"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cursor.ReadAsync(10, long.MaxValue));
    }

    [Fact]
    public async Task A_cancelled_batch_stops_and_the_cursor_cannot_be_read_again()
    {
        var sqlite = Engine();
        var a = await sqlite.OpenAsync("a");
        await using var cursor = await a.OpenCursorAsync(new Statement(SqliteTestEngine.FirstRowThenRunaway));
        using var cancel = new CancellationTokenSource();
        var reading = cursor.ReadAsync(10, long.MaxValue, cancel.Token);
        await Eventually.True(() => sqlite.LoadOf("a").Busy == 1, "the batch is being read on a worker");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(reading, "the cancelled batch"));
        Assert.Equal((0, 0), sqlite.LoadOf("a"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cursor.ReadAsync(10, long.MaxValue));
    }

    [Fact]
    public async Task A_cursor_over_a_writing_statement_does_not_hold_the_write_lock_between_batches()
    {
        var sqlite = Engine(o => o.BusyTimeout = TimeSpan.FromSeconds(1));
        var a = await sqlite.OpenAsync("a");
        await a.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
        await using var cursor = await a.OpenCursorAsync(new Statement("INSERT INTO t (v) VALUES ('a'), ('b'), ('c') RETURNING id"));

        var other = await a.ExecAsync(new Statement("INSERT INTO t (v) VALUES ('d')"));
        var batch = await cursor.ReadAsync(10, long.MaxValue);

        Assert.Equal(1, other.RowsAffected);
        Assert.Equal([1L, 2L, 3L], batch.Rows.Select(r => (long)r[0]!));
        Assert.True(batch.Completed);
        Assert.Equal(4L, (await a.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0]);
    }

    [Fact]
    public async Task A_cursor_cannot_be_opened_on_a_closed_database()
    {
        var a = await Engine().OpenAsync("a");
        await a.CloseAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => a.OpenCursorAsync(new Statement("SELECT 1")));
    }

    [Fact]
    public async Task A_cursor_opened_with_a_first_batch_reads_it_in_the_same_worker_turn_and_answers_it_without_another()
    {
        var sqlite = Engine();
        var a = await FilledAsync(sqlite, rows: 10);
        var before = sqlite.WorkerTurns;

        await using var cursor = await a.OpenCursorAsync(new Statement("SELECT id FROM t ORDER BY id"), new RowBatchLimits(100, long.MaxValue));
        var opened = sqlite.WorkerTurns;
        var batch = await cursor.ReadAsync(100, long.MaxValue);

        Assert.Equal(1, opened - before);
        Assert.Equal(opened, sqlite.WorkerTurns);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), batch.Rows.Select(r => (long)r[0]!));
        Assert.True(batch.Completed);
        Assert.Empty((await cursor.ReadAsync(100, long.MaxValue)).Rows);
    }

    [Fact]
    public async Task A_first_batch_read_ahead_still_holds_the_caps_of_a_smaller_read_and_every_row_comes_once()
    {
        var sqlite = Engine();
        var a = await FilledAsync(sqlite, rows: 100);
        var rowSize = RowSize.Of([1L, new string('x', 98)]);
        await using var cursor = await a.OpenCursorAsync(new Statement("SELECT id, v FROM t ORDER BY id"), new RowBatchLimits(30, long.MaxValue));

        var byRows = await cursor.ReadAsync(12, long.MaxValue);
        var byBytes = await cursor.ReadAsync(1000, (rowSize * 10) - 1);
        var rest = await ReadAllAsync(cursor, maxRows: 1000, maxBytes: long.MaxValue);

        Assert.Equal(12, byRows.Rows.Count);
        Assert.False(byRows.Completed);
        Assert.Equal(10, byBytes.Rows.Count);
        Assert.Equal(rowSize * 10, byBytes.Bytes);
        Assert.False(byBytes.Completed);
        Assert.True(rest[^1].Completed);
        Assert.Equal(
            Enumerable.Range(1, 100).Select(i => (long)i),
            new[] { byRows, byBytes }.Concat(rest).SelectMany(b => b.Rows).Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task A_first_batch_running_past_the_statement_timeout_fails_the_open_and_frees_its_worker_and_connection()
    {
        var sqlite = Engine(o => o.StatementTimeout = TimeSpan.FromMilliseconds(300));
        var a = await FilledAsync(sqlite, rows: 10);

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(
            a.OpenCursorAsync(new Statement(SqliteTestEngine.FirstRowThenRunaway), new RowBatchLimits(10, long.MaxValue)), "the runaway first batch"));

        Assert.Equal(ErrorCodes.SqlTimeout, error.ErrorCode);
        Assert.Equal((0, 0), sqlite.LoadOf("a"));
        Assert.Equal(10L, (await a.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0]);
    }

    private static async Task<IDatabaseConnection> FilledAsync(SqliteTestEngine sqlite, int rows)
    {
        var a = await sqlite.OpenAsync("a");
        await a.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
        await a.ExecAsync(Statement.Of(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) INSERT INTO t (id, v) SELECT x, printf('%.98c', 'x') FROM c", rows));
        return a;
    }

    private static async Task<List<RowBatch>> ReadAllAsync(IRowCursor cursor, int maxRows, long maxBytes)
    {
        var batches = new List<RowBatch>();
        do
        {
            batches.Add(await cursor.ReadAsync(maxRows, maxBytes));
        }
        while (!batches[^1].Completed && batches.Count < 10_000);

        return batches;
    }

    private SqliteTestEngine Engine(Action<EngineOptions>? configure = null)
    {
        var engine = new SqliteTestEngine(output, configure);
        _engines.Add(engine);
        return engine;
    }
}
