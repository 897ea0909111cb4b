using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

/// <summary>The engines' instruments on SQLite: refused statements by construct, and the worker pool's load.</summary>
public sealed class EngineMetricsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly MetricRecorder _recorder = MetricRecorder.WithOwnFactory(
        EngineMetrics.RefusedInstrument, EngineMetrics.WorkersBusyInstrument, EngineMetrics.WorkQueuedInstrument);

    private SqliteTestEngine _sqlite = null!;

    public Task InitializeAsync()
    {
        _sqlite = new SqliteTestEngine(output, o =>
        {
            o.Id = "metered";
            o.WorkerThreads = 2;
            o.StatementTimeout = TimeSpan.FromSeconds(30);
        }, new EngineMetrics(_recorder.Factory));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        _recorder.Dispose();
    }

    [Fact]
    public async Task A_refused_attach_counts_one_refusal_tagged_sqlite_and_attach()
    {
        var db = await _sqlite.OpenAsync("a");

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(Statement.Of("ATTACH DATABASE ? AS b", "other.sqlite")));

        Assert.Equal(ErrorCodes.SqlNotAllowed, refused.ErrorCode);
        Assert.Equal(1, _recorder.Sum(EngineMetrics.RefusedInstrument, ("engine.kind", "sqlite"), ("construct", "attach")));
        Assert.Equal(1, _recorder.Sum(EngineMetrics.RefusedInstrument));
    }

    [Fact]
    public async Task Refusals_are_counted_by_construct_and_failures_that_are_no_refusal_are_not_counted()
    {
        var db = await _sqlite.OpenAsync("a");
        await db.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));

        await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("PRAGMA journal_mode = OFF")));
        await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("BEGIN")));
        await Assert.ThrowsAsync<DynamicDbException>(() => db.TransactionAsync([new Statement("INSERT INTO t VALUES (1)"), new Statement("PRAGMA synchronous = OFF")]));
        await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("VACUUM INTO 'copy.sqlite'")));
        await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("SELEC 1")));
        await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("INSERT INTO missing VALUES (1)")));

        Assert.Equal(2, _recorder.Sum(EngineMetrics.RefusedInstrument, ("construct", "pragma")));
        Assert.Equal(1, _recorder.Sum(EngineMetrics.RefusedInstrument, ("construct", "transaction_control")));
        Assert.Equal(1, _recorder.Sum(EngineMetrics.RefusedInstrument, ("construct", "attach")));
        Assert.Equal(4, _recorder.Sum(EngineMetrics.RefusedInstrument));
        Assert.All(_recorder.Of(EngineMetrics.RefusedInstrument), m => Assert.Equal(["construct", "engine.kind"], m.Tags.Keys.Order()));
    }

    [Fact]
    public async Task The_pool_gauges_show_busy_and_queued_work_while_statements_run_and_nothing_once_they_end()
    {
        var db = await _sqlite.OpenAsync("a");
        using var cancel = new CancellationTokenSource();

        var runaways = Enumerable.Range(0, 3).Select(_ => db.QueryAsync(new Statement(SqliteTestEngine.Runaway), cancel.Token)).ToList();

        await Eventually.True(() => Gauge(EngineMetrics.WorkersBusyInstrument) == 1 && Gauge(EngineMetrics.WorkQueuedInstrument) == 2,
            "one runaway runs (one worker per app with two workers) and two wait");
        await cancel.CancelAsync();
        await Eventually.True(() => runaways.All(r => r.IsCompleted), "the cancelled runaways end");
        Assert.Equal(0, Gauge(EngineMetrics.WorkersBusyInstrument));
        Assert.Equal(0, Gauge(EngineMetrics.WorkQueuedInstrument));
    }

    [Fact]
    public async Task A_disposed_engine_no_longer_reports_its_pool()
    {
        Assert.Single(_recorder.Observe(EngineMetrics.WorkersBusyInstrument));

        await _sqlite.Engine.DisposeAsync();

        Assert.Empty(_recorder.Observe(EngineMetrics.WorkersBusyInstrument));
    }

    /// <summary>The gauge's current value for this test's engine.</summary>
    private long Gauge(string instrument) =>
        _recorder.Observe(instrument).Single(m => Equals(m.Tags["engine"], "metered")).Value;
}
