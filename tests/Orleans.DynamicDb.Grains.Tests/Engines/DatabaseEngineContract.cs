using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

/// <summary>The behaviour every engine promises. One subclass per engine kind runs it against the real thing.</summary>
public abstract class DatabaseEngineContract(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<IDatabaseEngine> _engines = [];
    private readonly List<IDatabaseConnection> _connections = [];

    protected ILoggerFactory Loggers { get; } = TestOutputLoggerProvider.CreateFactory(output);

    protected ITestOutputHelper Output => output;

    protected IDatabaseEngine Engine { get; private set; } = null!;

    /// <summary>A column definition named <c>id</c> whose value the engine generates on insert.</summary>
    protected abstract string AutoIdColumn { get; }

    /// <summary>The engine's own words for a syntax error in <c>SELEC 1</c>.</summary>
    protected abstract string SyntaxErrorMessage { get; }

    /// <summary>The engine's own words for a query on the table <c>missing</c>.</summary>
    protected abstract string MissingTableMessage { get; }

    /// <summary>A query that runs far longer than a 200 ms statement timeout.</summary>
    protected abstract string LongRunningQuery { get; }

    protected abstract IDatabaseEngine CreateEngine(Action<EngineOptions>? configure = null);

    /// <summary>Checks that the dropped database's data still exists where <see cref="IDatabaseEngine.DropAsync"/> said, with its one row in <c>kept</c>.</summary>
    protected abstract Task AssertDataMovedAsideAsync(DatabaseName name, string droppedTo);

    public virtual Task InitializeAsync()
    {
        Engine = Track(CreateEngine());
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        Loggers.Dispose();
    }

    protected static DatabaseName NewName() => DatabaseName.Create("test", "db_" + Guid.NewGuid().ToString("N")[..16]);

    protected IDatabaseEngine Track(IDatabaseEngine engine)
    {
        _engines.Add(engine);
        return engine;
    }

    protected async Task<IDatabaseConnection> OpenAsync(DatabaseName name, IDatabaseEngine? engine = null)
    {
        var connection = await (engine ?? Engine).OpenAsync(name);
        _connections.Add(connection);
        return connection;
    }

    protected static async Task<long> CountAsync(IDatabaseConnection connection, string table) =>
        (long)(await connection.QueryAsync(new Statement($"SELECT COUNT(*) FROM {table}"))).Rows[0][0]!;

    [Fact]
    public async Task Opening_a_missing_database_creates_it()
    {
        var name = NewName();
        Assert.False(await Engine.ExistsAsync(name));

        var connection = await OpenAsync(name);

        Assert.True(await Engine.ExistsAsync(name));
        Assert.Equal(name, connection.Name);
        Assert.Equal(1L, (await connection.QueryAsync(new Statement("SELECT 1"))).Rows[0][0]);
    }

    [Fact]
    public async Task Question_mark_arguments_bind_in_order_and_quoted_question_marks_stay_text()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT)"));

        await connection.ExecAsync(Statement.Of("INSERT INTO notes (id, title, body) VALUES (?, ?, ?)", 1, "what's up?", "say \"hi\" -- not a comment ?"));
        await connection.ExecAsync(Statement.Of("INSERT INTO notes (id, title, body) -- a ? comment\nVALUES (?, 'literal ? mark', /* another ? */ ?)", 2, null));
        var result = await connection.QueryAsync(Statement.Of("SELECT id, title, body FROM notes WHERE title <> '?' AND id >= ? ORDER BY id", 1));

        Assert.Equal(["id", "title", "body"], result.Columns);
        Assert.Equal(2, result.Count);
        Assert.Equal([1L, "what's up?", "say \"hi\" -- not a comment ?"], result.Rows[0]);
        Assert.Equal([2L, "literal ? mark", null], result.Rows[1]);
    }

    [Fact]
    public async Task A_placeholder_count_that_differs_from_the_argument_count_is_an_invalid_request()
    {
        var connection = await OpenAsync(NewName());

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(Statement.Of("SELECT ?, ?", 1)));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains("2 '?' placeholder(s) but 1 argument(s)", error.Message);
    }

    [Fact]
    public async Task Inserts_report_the_generated_id_and_other_statements_report_none()
    {
        var connection = await OpenAsync(NewName());
        var create = await connection.ExecAsync(new Statement($"CREATE TABLE people ({AutoIdColumn}, name TEXT NOT NULL)"));

        var first = await connection.ExecAsync(Statement.Of("INSERT INTO people (name) VALUES (?)", "ada"));
        var second = await connection.ExecAsync(Statement.Of("INSERT INTO people (name) VALUES (?)", "grace"));
        var update = await connection.ExecAsync(new Statement("UPDATE people SET name = upper(name)"));
        var noRows = await connection.ExecAsync(new Statement("INSERT INTO people (name) SELECT name FROM people WHERE 1 = 0"));
        var delete = await connection.ExecAsync(Statement.Of("DELETE FROM people WHERE name = ?", "ADA"));

        Assert.Null(create.LastInsertId);
        Assert.Equal(new ExecResult(1, 1), first);
        Assert.Equal(new ExecResult(1, 2), second);
        Assert.Equal(new ExecResult(2, null), update);
        Assert.Equal(new ExecResult(0, null), noRows);
        Assert.Equal(new ExecResult(1, null), delete);
    }

    [Fact]
    public async Task Schema_statements_after_changes_report_no_affected_rows()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement($"CREATE TABLE people ({AutoIdColumn}, name TEXT NOT NULL)"));
        await connection.ExecAsync(new Statement("INSERT INTO people (name) VALUES ('a'), ('b'), ('c')"));

        var create = await connection.ExecAsync(new Statement("CREATE TABLE other (id INTEGER)"));
        var drop = await connection.ExecAsync(new Statement("DROP TABLE other"));

        Assert.Equal(0, create.RowsAffected);
        Assert.Equal(0, drop.RowsAffected);
    }

    [Fact]
    public async Task A_transaction_keeps_all_its_statements()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement($"CREATE TABLE accounts ({AutoIdColumn}, owner TEXT NOT NULL, balance INTEGER NOT NULL)"));

        var results = await connection.TransactionAsync(
        [
            Statement.Of("INSERT INTO accounts (owner, balance) VALUES (?, ?)", "alice", 100),
            Statement.Of("INSERT INTO accounts (owner, balance) VALUES (?, ?)", "bob", 50),
            Statement.Of("UPDATE accounts SET balance = balance - ? WHERE owner = ?", 30, "alice"),
        ]);

        Assert.Equal([new ExecResult(1, 1), new ExecResult(1, 2), new ExecResult(1, null)], results);
        var balances = await connection.QueryAsync(new Statement("SELECT owner, balance FROM accounts ORDER BY owner"));
        Assert.Equal([["alice", 70L], ["bob", 50L]], balances.Rows.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public async Task A_failing_statement_leaves_nothing_of_its_transaction()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE accounts (owner TEXT PRIMARY KEY, balance INTEGER NOT NULL)"));

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => connection.TransactionAsync(
        [
            Statement.Of("INSERT INTO accounts (owner, balance) VALUES (?, ?)", "alice", 100),
            new Statement("UPDATE accounts SET balance = 0"),
            new Statement("INSERT INTO missing (x) VALUES (1)"),
        ]));

        Assert.Equal(ErrorCodes.SqlError, error.ErrorCode);
        Assert.StartsWith("Statement 3 of 3 failed", error.Message);
        Assert.Contains(MissingTableMessage, error.Message);
        Assert.Equal(0, await CountAsync(connection, "accounts"));
    }

    [Fact]
    public async Task The_schema_lists_tables_by_name_with_their_columns()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT)"));
        await connection.ExecAsync(new Statement("CREATE TABLE a_first (x INTEGER)"));

        var schema = await connection.GetSchemaAsync();

        Assert.Equal(["a_first", "users"], schema.Tables.Select(t => t.Name));
        var users = schema.Tables[1];
        Assert.Equal(["id", "name", "email"], users.Columns.Select(c => c.Name));
        Assert.Contains("int", users.Columns[0].Type, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("text", users.Columns[1].Type, ignoreCase: true);
        Assert.True(users.Columns[0].PrimaryKey);
        Assert.False(users.Columns[1].PrimaryKey);
        Assert.True(users.Columns[1].NotNull);
        Assert.False(users.Columns[2].NotNull);
    }

    [Fact]
    public async Task Closing_hibernates_and_reopening_wakes_with_the_data_kept()
    {
        var name = NewName();
        var connection = await OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE kept (v TEXT)"));
        await connection.ExecAsync(Statement.Of("INSERT INTO kept (v) VALUES (?)", "survives"));

        await connection.CloseAsync();
        await connection.CloseAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.QueryAsync(new Statement("SELECT 1")));
        var woken = await OpenAsync(name);

        Assert.True(await Engine.ExistsAsync(name));
        Assert.Equal("survives", (await woken.QueryAsync(new Statement("SELECT v FROM kept"))).Rows[0][0]);
    }

    [Fact]
    public async Task Two_hundred_parallel_inserts_are_all_stored()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement($"CREATE TABLE items ({AutoIdColumn}, n INTEGER NOT NULL)"));

        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(n => Task.Run(() => connection.ExecAsync(Statement.Of("INSERT INTO items (n) VALUES (?)", n)))));

        Assert.All(results, r => Assert.Equal(1, r.RowsAffected));
        Assert.Equal(200, results.Select(r => r.LastInsertId).Distinct().Count());
        var stored = await connection.QueryAsync(new Statement("SELECT COUNT(*), COUNT(DISTINCT n), SUM(n) FROM items"));
        Assert.Equal([200L, 200L, 19900L], stored.Rows[0]);
    }

    [Theory]
    [InlineData("Bad-App", "users", "'Bad-App'")]
    [InlineData("app", "drop table", "'drop table'")]
    [InlineData("app", "", "''")]
    public async Task Invalid_names_are_rejected_before_reaching_the_engine_with_a_message_naming_the_value(string app, string database, string quoted)
    {
        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Engine.OpenAsync(DatabaseName.Create(app, database)));

        Assert.Equal(ErrorCodes.DatabaseInvalidName, error.ErrorCode);
        Assert.Contains(quoted, error.Message);
    }

    [Fact]
    public async Task The_default_name_is_rejected()
    {
        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Engine.OpenAsync(default));

        Assert.Equal(ErrorCodes.DatabaseInvalidName, error.ErrorCode);
    }

    [Fact]
    public async Task A_syntax_error_is_reported_with_the_engine_message()
    {
        var connection = await OpenAsync(NewName());

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => connection.ExecAsync(new Statement("SELEC 1")));

        Assert.Equal(ErrorCodes.SqlSyntax, error.ErrorCode);
        Assert.Contains(SyntaxErrorMessage, error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_query_on_a_missing_table_is_an_sql_error_with_the_engine_message()
    {
        var connection = await OpenAsync(NewName());

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(new Statement("SELECT * FROM missing")));

        Assert.Equal(ErrorCodes.SqlError, error.ErrorCode);
        Assert.Contains(MissingTableMessage, error.Message);
    }

    [Fact]
    public async Task A_statement_running_past_the_statement_timeout_fails_with_sql_timeout_and_the_database_stays_usable()
    {
        var engine = Track(CreateEngine(o => o.StatementTimeout = TimeSpan.FromMilliseconds(200)));
        var connection = await OpenAsync(NewName(), engine);

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => connection.QueryAsync(new Statement(LongRunningQuery)));

        Assert.Equal(ErrorCodes.SqlTimeout, error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.Equal(1L, (await connection.QueryAsync(new Statement("SELECT 1"))).Rows[0][0]);
    }

    [Fact]
    public async Task Dropping_moves_the_data_aside_and_the_next_open_starts_empty()
    {
        var name = NewName();
        var connection = await OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE kept (v TEXT)"));
        await connection.ExecAsync(Statement.Of("INSERT INTO kept (v) VALUES (?)", "moved aside"));
        await connection.CloseAsync();

        var droppedTo = await Engine.DropAsync(name);

        Assert.False(await Engine.ExistsAsync(name));
        await AssertDataMovedAsideAsync(name, droppedTo);
        var fresh = await OpenAsync(name);
        Assert.Empty((await fresh.GetSchemaAsync()).Tables);
    }

    [Fact]
    public async Task Dropping_a_missing_database_is_not_found()
    {
        var name = NewName();

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Engine.DropAsync(name));

        Assert.Equal(ErrorCodes.DatabaseNotFound, error.ErrorCode);
        Assert.Contains(name.FullName, error.Message);
    }
}
