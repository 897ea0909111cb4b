using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>
/// No noisy neighbour: SQLite work runs on the engine's own workers, shared fairly between applications, and a runaway
/// statement is interrupted (timeout, cancellation) so it gives its worker back.
/// </summary>
public sealed class SqliteWorkerSchedulingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<SqliteTestEngine> _engines = [];
    private readonly List<CancellationTokenSource> _cancellations = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cancellation in _cancellations)
        {
            await cancellation.CancelAsync();
        }

        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        _cancellations.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task The_caller_gets_its_task_back_while_the_statement_runs_on_a_worker()
    {
        var sqlite = Engine(o => o.StatementTimeout = TimeSpan.FromSeconds(5));
        var a = await sqlite.OpenAsync("a");
        var cancel = Cancellation();

        var runaway = a.QueryAsync(new Statement(SqliteTestEngine.Runaway), cancel.Token);

        Assert.False(runaway.IsCompleted);
        await Eventually.True(() => sqlite.LoadOf("a").Busy == 1, "the statement occupies one of the engine's workers");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(runaway, "the cancelled statement"));
    }

    [Fact]
    public async Task Long_statements_of_one_app_leave_a_worker_to_another_apps_statement()
    {
        var sqlite = Engine(o => o.WorkerThreads = 2);
        var a = await sqlite.OpenAsync("a");
        var b = await sqlite.OpenAsync("b");
        var cancel = Cancellation();
        var runaways = Enumerable.Range(0, 3).Select(_ => a.QueryAsync(new Statement(SqliteTestEngine.Runaway), cancel.Token)).ToList();
        await Eventually.True(() => sqlite.LoadOf("a") is { Busy: > 0 } load && load.Busy + load.Waiting == 3, "a's runaways run or wait");

        var answer = await Eventually.Within(b.QueryAsync(new Statement("SELECT 42")), "b's query while a's runaways run");

        Assert.Equal(42L, answer.Rows[0][0]);
        Assert.Equal((1, 2), sqlite.LoadOf("a"));
        Assert.All(runaways, r => Assert.False(r.IsCompleted));
        await cancel.CancelAsync();
        await Eventually.True(() => runaways.All(r => r.IsCanceled), "a's runaways were cancelled");
        Assert.Equal((0, 0), sqlite.LoadOf("a"));
    }

    [Fact]
    public async Task A_worker_freed_by_one_app_goes_to_the_next_app_in_turn_not_to_the_same_apps_queue()
    {
        var sqlite = Engine(o =>
        {
            o.WorkerThreads = 2;
            o.MaxWorkersPerApp = 2;
        });
        var a = await sqlite.OpenAsync("a");
        var b = await sqlite.OpenAsync("b");
        await b.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));
        var cancels = Enumerable.Range(0, 4).Select(_ => Cancellation()).ToList();
        var runaways = cancels.Select(c => a.QueryAsync(new Statement(SqliteTestEngine.Runaway), c.Token)).ToList();
        await Eventually.True(() => sqlite.LoadOf("a") == (2, 2), "a fills both workers and has two more waiting");
        var insert = b.ExecAsync(new Statement("INSERT INTO t (v) VALUES (1)"));
        await Eventually.True(() => sqlite.LoadOf("b") == (0, 1), "b's insert waits");

        await cancels[0].CancelAsync();

        var inserted = await Eventually.Within(insert, "b's insert on the worker a's first runaway gave back");
        Assert.Equal(1, inserted.RowsAffected);
        Assert.Equal((2, 1), sqlite.LoadOf("a"));
        Assert.False(runaways[3].IsCompleted);
        cancels.ForEach(c => c.Cancel());
        Assert.Equal(1L, (await b.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0]);
    }

    [Fact]
    public async Task An_app_with_a_full_queue_is_refused_with_engine_unavailable_naming_the_setting_and_nothing_runs()
    {
        var sqlite = Engine(o =>
        {
            o.WorkerThreads = 1;
            o.MaxQueuedPerApp = 2;
        });
        var a = await sqlite.OpenAsync("a");
        var b = await sqlite.OpenAsync("b");
        await a.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));
        var cancel = Cancellation();
        var runaways = new List<Task<QueryResult>> { a.QueryAsync(new Statement(SqliteTestEngine.Runaway), cancel.Token) };
        await Eventually.True(() => sqlite.LoadOf("a").Busy == 1, "the first runaway runs");
        runaways.AddRange(Enumerable.Range(0, 2).Select(_ => a.QueryAsync(new Statement(SqliteTestEngine.Runaway), cancel.Token)));
        await Eventually.True(() => sqlite.LoadOf("a") == (1, 2), "two more wait: a's queue is full");

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => a.ExecAsync(new Statement("INSERT INTO t (v) VALUES (1)")));
        var other = b.QueryAsync(new Statement("SELECT 1"));

        Assert.Equal(ErrorCodes.EngineUnavailable, refused.ErrorCode);
        Assert.True(refused.IsTransient);
        Assert.Contains("MaxQueuedPerApp", refused.Message);
        Assert.Equal((0, 1), sqlite.LoadOf("b"));
        await cancel.CancelAsync();
        await Eventually.Within(other, "b's query");
        Assert.Equal(0L, (await a.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0]);
        Assert.All(runaways, r => Assert.True(r.IsCanceled));
    }

    [Fact]
    public async Task A_cancelled_waiting_statement_never_runs()
    {
        var sqlite = Engine(o => o.WorkerThreads = 1);
        var a = await sqlite.OpenAsync("a");
        await a.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));
        var stopRunaway = Cancellation();
        var runaway = a.QueryAsync(new Statement(SqliteTestEngine.Runaway), stopRunaway.Token);
        await Eventually.True(() => sqlite.LoadOf("a").Busy == 1, "the runaway runs");
        var cancel = Cancellation();
        var insert = a.ExecAsync(new Statement("INSERT INTO t (v) VALUES (1)"), cancel.Token);
        await Eventually.True(() => sqlite.LoadOf("a") == (1, 1), "the insert waits");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(insert, "the cancelled insert"));
        Assert.Equal((1, 0), sqlite.LoadOf("a"));
        await stopRunaway.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(runaway, "the cancelled runaway"));
        Assert.Equal(0L, (await a.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0]);
    }

    [Fact]
    public async Task Cancelling_a_running_statement_interrupts_it_and_frees_its_worker()
    {
        var sqlite = Engine(o => o.WorkerThreads = 1);
        var a = await sqlite.OpenAsync("a");
        var cancel = Cancellation();
        var runaway = a.QueryAsync(new Statement(SqliteTestEngine.Runaway), cancel.Token);
        await Eventually.True(() => sqlite.LoadOf("a").Busy == 1, "the runaway runs");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(runaway, "the cancelled runaway"));
        Assert.Equal((0, 0), sqlite.LoadOf("a"));
        var next = await Eventually.Within(a.QueryAsync(new Statement("SELECT 7")), "a query on the freed worker");
        Assert.Equal(7L, next.Rows[0][0]);
    }

    [Fact]
    public async Task A_runaway_statement_is_interrupted_at_the_statement_timeout_and_frees_its_worker()
    {
        var sqlite = Engine(o =>
        {
            o.WorkerThreads = 1;
            o.StatementTimeout = TimeSpan.FromMilliseconds(300);
        });
        var a = await sqlite.OpenAsync("a");

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(
            a.QueryAsync(new Statement(SqliteTestEngine.Runaway)), "the runaway statement"));

        Assert.Equal(ErrorCodes.SqlTimeout, error.ErrorCode);
        Assert.Contains("statement timeout of 0.3 s", error.Message);
        Assert.Equal((0, 0), sqlite.LoadOf("a"));
        Assert.Equal(7L, (await a.QueryAsync(new Statement("SELECT 7"))).Rows[0][0]);
    }

    [Fact]
    public async Task A_query_that_waited_for_a_worker_while_its_database_closed_does_not_reopen_it()
    {
        var sqlite = Engine(o => o.WorkerThreads = 1);
        var busy = await sqlite.OpenAsync("a", "busy");
        var closing = await sqlite.OpenAsync("a", "closing");
        var stopRunaway = Cancellation();
        var runaway = busy.QueryAsync(new Statement(SqliteTestEngine.Runaway), stopRunaway.Token);
        await Eventually.True(() => sqlite.LoadOf("a").Busy == 1, "the runaway runs");
        var waiting = closing.QueryAsync(new Statement("SELECT 1"));
        await Eventually.True(() => sqlite.LoadOf("a") == (1, 1), "the query waits");

        var close = closing.CloseAsync();
        await Eventually.True(() => sqlite.LoadOf("a") == (1, 2), "the close's checkpoint waits behind the query");
        await stopRunaway.CancelAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Eventually.Within(waiting, "the waiting query"));
        await Eventually.Within(close, "the close");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runaway);
        Assert.Equal(0, sqlite.WalLength("a", "closing"));
    }

    [Fact]
    public async Task Closing_the_engine_interrupts_running_statements_and_fails_waiting_ones()
    {
        var sqlite = Engine(o => o.WorkerThreads = 1);
        var a = await sqlite.OpenAsync("a");
        var runaway = a.QueryAsync(new Statement(SqliteTestEngine.Runaway));
        await Eventually.True(() => sqlite.LoadOf("a").Busy == 1, "the runaway runs");
        var waiting = a.QueryAsync(new Statement("SELECT 1"));

        await Eventually.Within(sqlite.Engine.DisposeAsync().AsTask(), "stopping the engine");

        var interrupted = await Assert.ThrowsAsync<DynamicDbException>(() => runaway);
        var dropped = await Assert.ThrowsAsync<DynamicDbException>(() => waiting);
        Assert.Equal(ErrorCodes.EngineUnavailable, interrupted.ErrorCode);
        Assert.Equal(ErrorCodes.EngineUnavailable, dropped.ErrorCode);
    }

    private SqliteTestEngine Engine(Action<EngineOptions> configure)
    {
        var engine = new SqliteTestEngine(output, o =>
        {
            o.StatementTimeout = TimeSpan.FromMinutes(2);
            configure(o);
        });
        _engines.Add(engine);
        return engine;
    }

    private CancellationTokenSource Cancellation()
    {
        var cancellation = new CancellationTokenSource();
        _cancellations.Add(cancellation);
        return cancellation;
    }
}
