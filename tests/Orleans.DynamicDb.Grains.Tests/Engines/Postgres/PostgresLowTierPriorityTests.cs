using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>
/// The Low and Background tiers on server processes of lowered CPU priority (<see cref="EngineOptions.LowTierNice"/>), on
/// a real PostgreSQL running as user postgres beside the tests (which run as root, so the renice is allowed): the nice
/// value of the server process that ran a statement is read from <c>/proc/{pid}/stat</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLowTierPriorityTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Backend = "SELECT pg_backend_pid(), current_setting('application_name')";

    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private readonly MetricRecorder _recorder = MetricRecorder.WithOwnFactory(EngineMetrics.LoweredBackendsInstrument);
    private readonly List<(PostgresEngine Engine, IDatabaseConnection Connection)> _opened = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (engine, connection) in _opened)
        {
            await connection.DisposeAsync();
            await engine.DisposeAsync();
        }

        _recorder.Dispose();
        _loggers.Dispose();
    }

    [Theory]
    [InlineData(Tier.Low, false)]
    [InlineData(Tier.Background, false)]
    [InlineData(Tier.Low, true)]
    public async Task A_low_or_background_statement_runs_on_a_server_process_with_the_configured_nice_value(Tier tier, bool readOnly)
    {
        var (engine, db) = await OpenAsync(o => o.LowTierNice = 7);

        var (pid, application) = await BackendAsync(db, new Statement(Backend) { Tier = tier, ReadOnly = readOnly });

        Assert.Equal(7, BackendPriority.NiceOf(pid));
        Assert.Equal("Orleans.DynamicDb (low priority)", application);
        Assert.Equal("active", engine.LowTierPriorityStatus);
        Assert.Equal(1, _recorder.Sum(EngineMetrics.LoweredBackendsInstrument, ("engine", "pg")));
    }

    [Fact]
    public async Task A_low_exec_and_a_low_cursor_run_at_the_default_nice_value_of_10()
    {
        var (_, db) = await OpenAsync();
        await db.ExecAsync(new Statement("CREATE TABLE seen (pid int)"));

        await db.ExecAsync(new Statement("INSERT INTO seen VALUES (pg_backend_pid())") { Tier = Tier.Low });
        await using var cursor = await db.OpenCursorAsync(new Statement("SELECT pg_backend_pid()") { Tier = Tier.Background }, null);
        var fromCursor = Convert.ToInt32((await cursor.ReadAsync(10, 1 << 20)).Rows[0][0]);
        var fromExec = Convert.ToInt32((await db.QueryAsync(new Statement("SELECT pid FROM seen"))).Rows[0][0]);

        Assert.Equal(10, BackendPriority.NiceOf(fromExec));
        Assert.Equal(10, BackendPriority.NiceOf(fromCursor));
    }

    [Theory]
    [InlineData(Tier.High)]
    [InlineData(Tier.Medium)]
    public async Task A_high_or_medium_statement_keeps_a_server_process_of_normal_priority(Tier tier)
    {
        var (_, db) = await OpenAsync();
        await BackendAsync(db, new Statement(Backend) { Tier = Tier.Low });

        var (pid, application) = await BackendAsync(db, new Statement(Backend) { Tier = tier });
        var (dedicated, _) = await BackendAsync(db, new Statement(Backend + ", pg_sleep(0)") { Tier = tier });

        Assert.NotEqual("Orleans.DynamicDb (low priority)", application);
        Assert.Equal(0, BackendPriority.NiceOf(pid));
        Assert.Equal(0, BackendPriority.NiceOf(dedicated));
    }

    [Fact]
    public async Task A_transaction_of_the_low_tier_stays_on_the_normal_pool()
    {
        var (_, db) = await OpenAsync();
        await db.ExecAsync(new Statement("CREATE TABLE seen (pid int)"));

        await db.TransactionAsync([new Statement("INSERT INTO seen VALUES (pg_backend_pid())") { Tier = Tier.Low }]);
        var pid = Convert.ToInt32((await db.QueryAsync(new Statement("SELECT pid FROM seen"))).Rows[0][0]);

        Assert.Equal(0, BackendPriority.NiceOf(pid));
    }

    [Fact]
    public async Task With_the_setting_0_a_low_statement_runs_at_normal_priority_on_the_normal_pool()
    {
        var (engine, db) = await OpenAsync(o => o.LowTierNice = 0);

        var (pid, application) = await BackendAsync(db, new Statement(Backend) { Tier = Tier.Low });

        Assert.Equal(0, BackendPriority.NiceOf(pid));
        Assert.Equal("Orleans.DynamicDb", application);
        Assert.Equal("off", engine.LowTierPriorityStatus);
        Assert.Equal(0, _recorder.Sum(EngineMetrics.LoweredBackendsInstrument));
    }

    private async Task<(PostgresEngine Engine, IDatabaseConnection Connection)> OpenAsync(Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString };
        configure?.Invoke(options);
        var engine = new PostgresEngine(options, _loggers.CreateLogger<PostgresEngine>(), metrics: new EngineMetrics(_recorder.Factory));
        var connection = await engine.OpenAsync(DatabaseName.Create("nice", "db_" + Guid.NewGuid().ToString("N")[..12]));
        _opened.Add((engine, connection));
        return (engine, connection);
    }

    private static async Task<(int Pid, string Application)> BackendAsync(IDatabaseConnection db, Statement statement)
    {
        var row = (await db.QueryAsync(statement)).Rows[0];
        return (Convert.ToInt32(row[0]), (string)row[1]!);
    }
}
