using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>
/// The shared (multiplexed) pool on a real PostgreSQL: which statements run there (told by the connection's
/// <c>application_name</c>, which ends in " (shared)" there, and by the per-pool counter), that session state set through
/// the dedicated pool never reaches it, and how it behaves on cancellation, timeouts, errors and a killed connection. A
/// shared pool of one connection, so that every shared statement runs on the same server session.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSharedPoolTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Shared = "Orleans.DynamicDb (shared)";
    private const string Dedicated = "Orleans.DynamicDb";
    private const string AppName = "SELECT current_setting('application_name')";
    private const string LongRead = "SELECT count(*) FROM generate_series(1, 2000000000) g";

    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private readonly MetricRecorder _recorder = MetricRecorder.WithOwnFactory(EngineMetrics.StatementsInstrument);
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

    [Fact]
    public async Task High_and_medium_reads_run_on_the_shared_pool_and_are_counted_there()
    {
        var db = await OpenAsync();

        Assert.Equal(Shared, await ScalarAsync(db, new Statement(AppName) { Tier = Tier.High }));
        Assert.Equal(Shared, await ScalarAsync(db, new Statement(AppName)));
        await db.ExecAsync(new Statement("SELECT 1"));

        Assert.Equal(3, _recorder.Sum(EngineMetrics.StatementsInstrument, ("engine.kind", "postgres"), ("pool", "shared")));
        Assert.Equal(0, _recorder.Sum(EngineMetrics.StatementsInstrument, ("pool", "dedicated")));
    }

    [Theory]
    [InlineData(Tier.Low, false, "SELECT current_setting('application_name')")]
    [InlineData(Tier.Background, false, "SELECT current_setting('application_name')")]
    [InlineData(Tier.Medium, true, "SELECT current_setting('application_name')")]
    [InlineData(Tier.Medium, false, "SELECT current_setting('application_name'), pg_sleep(0)")]
    [InlineData(Tier.Medium, false, "SELECT current_setting('application_name'), set_config('a.b', 'c', false)")]
    [InlineData(Tier.High, false, "SELECT current_setting('application_name') FROM t FOR SHARE")]
    public async Task Low_and_background_tiers_read_only_keys_and_unsafe_reads_keep_the_dedicated_pool(Tier tier, bool readOnly, string sql)
    {
        var db = await OpenAsync();
        await db.ExecAsync(new Statement("CREATE TABLE t (v int)"));
        await db.ExecAsync(new Statement("INSERT INTO t VALUES (1)"));
        var statement = new Statement(sql) { Tier = tier, ReadOnly = readOnly };

        // the Low and Background tiers' own dedicated pool runs at lowered CPU priority (EngineOptions.LowTierNice)
        Assert.Equal(tier is Tier.Low or Tier.Background ? Dedicated + " (low priority)" : Dedicated, (await db.QueryAsync(statement)).Rows[0][0]);
        Assert.Equal(3, _recorder.Sum(EngineMetrics.StatementsInstrument, ("pool", "dedicated")));
    }

    [Fact]
    public async Task With_the_shared_pool_off_every_statement_runs_on_the_dedicated_pool()
    {
        var db = await OpenAsync(o => o.SharedPool = false);

        Assert.Equal(Dedicated, await ScalarAsync(db, new Statement(AppName) { Tier = Tier.High }));
        Assert.Equal(0, _recorder.Sum(EngineMetrics.StatementsInstrument, ("pool", "shared")));
    }

    [Theory]
    [InlineData("SELECT set_config('search_path', 'pg_catalog', false)")]
    [InlineData("SELECT \"set_config\"('search_path', 'pg_catalog', false)")]
    [InlineData("SET search_path = pg_catalog")]
    [InlineData("SELECT 1 /* ; */ ; SELECT set_config('search_path', 'pg_catalog', false)")]
    public async Task A_setting_changed_by_one_session_is_not_seen_by_another_session_s_read(string change)
    {
        var db = await OpenAsync();

        await db.ExecAsync(new Statement(change) { SessionId = "a" });
        var seen = await ScalarAsync(db, new Statement("SELECT current_setting('search_path'), current_setting('application_name')") { SessionId = "b" }, column: 0);

        Assert.Equal("\"$user\", public", seen);
        Assert.Equal(Shared, await ScalarAsync(db, new Statement(AppName) { SessionId = "b" }));
    }

    [Fact]
    public async Task A_temporary_table_and_a_session_advisory_lock_go_to_the_dedicated_pool_and_never_reach_the_shared_session()
    {
        var db = await OpenAsync();

        await db.QueryAsync(new Statement("SELECT 1 AS v INTO TEMP leftover"));
        await db.QueryAsync(new Statement("SELECT pg_advisory_lock(42)"));

        Assert.Equal(0L, await ScalarAsync(db, new Statement("SELECT count(*) FROM pg_class WHERE relname = 'leftover' AND relnamespace = pg_my_temp_schema()")));
        Assert.Equal(0L, await ScalarAsync(db, new Statement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")));
        Assert.Equal(2, _recorder.Sum(EngineMetrics.StatementsInstrument, ("pool", "shared")));
        Assert.Equal(2, _recorder.Sum(EngineMetrics.StatementsInstrument, ("pool", "dedicated")));
    }

    [Fact]
    public async Task Typed_arguments_and_values_of_every_kind_round_trip_through_the_shared_pool()
    {
        var db = await OpenAsync();
        var id = Guid.NewGuid();
        var at = new DateTime(2026, 12, 6, 1, 2, 3, DateTimeKind.Utc);

        var row = (await db.QueryAsync(Statement.Of(
            "SELECT ?::int + 1, ?, ?::bytea, ?::uuid, ?::timestamptz, ?::numeric * 2, ?::bool, ?::float8, ?::int IS NULL, current_setting('application_name')",
            41, "text", new byte[] { 1, 2, 3 }, id, at, 1.25m, true, 0.5, null))).Rows[0];

        Assert.Equal(42L, row[0]);
        Assert.Equal("text", row[1]);
        Assert.Equal(new byte[] { 1, 2, 3 }, row[2]);
        Assert.Equal(id.ToString(), row[3]);
        Assert.Equal("2026-12-06T01:02:03.0000000Z", row[4]);
        Assert.Equal(2.50m, row[5]);
        Assert.Equal(true, row[6]);
        Assert.Equal(0.5, row[7]);
        Assert.Equal(true, row[8]);
        Assert.Equal(Shared, row[9]);
    }

    [Theory]
    [InlineData("SELECT * FROM missing", "42P01", ErrorCodes.SqlError)]
    [InlineData("SELECT 1 / 0", "22012", ErrorCodes.SqlError)]
    [InlineData("SELECT FROM WHERE", "42601", ErrorCodes.SqlSyntax)]
    public async Task A_failing_statement_maps_its_sqlstate_and_the_shared_connection_keeps_serving(string sql, string sqlState, string errorCode)
    {
        var db = await OpenAsync();
        var pid = await ScalarAsync(db, new Statement("SELECT pg_backend_pid()"));

        var failure = await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryAsync(new Statement(sql)));

        Assert.Equal(errorCode, failure.ErrorCode);
        Assert.Equal(sqlState, failure.SqlState);
        Assert.Equal(pid, await ScalarAsync(db, new Statement("SELECT pg_backend_pid()")));
    }

    [Fact]
    public async Task A_cancelled_read_stops_on_the_server_and_the_read_queued_behind_it_succeeds()
    {
        var db = await OpenAsync();
        using var cancel = new CancellationTokenSource();

        var running = db.QueryAsync(new Statement(LongRead), cancel.Token);
        await WaitActiveAsync(LongRead, active: true);
        var behind = ScalarAsync(db, new Statement(AppName));
        cancel.Cancel();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Eventually.Within(running, "the cancelled read"));
        output.WriteLine($"cancelled: {failure.GetType().Name}: {failure.Message}");
        Assert.True(failure is OperationCanceledException, failure.ToString());
        Assert.Equal(Shared, await Eventually.Within(behind, "the read behind the cancelled one"));
        await WaitActiveAsync(LongRead, active: false);
        Assert.Equal(Shared, await ScalarAsync(db, new Statement(AppName)));
    }

    [Fact]
    public async Task The_server_statement_timeout_ends_a_shared_read_with_sql_timeout()
    {
        var db = await OpenAsync(o => o.StatementTimeout = TimeSpan.FromMilliseconds(300));

        var failure = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(db.QueryAsync(new Statement(LongRead)), "the timed-out read"));

        Assert.Equal(ErrorCodes.SqlTimeout, failure.ErrorCode);
        Assert.Equal("57014", failure.SqlState);
        Assert.Equal(Shared, await ScalarAsync(db, new Statement(AppName)));
    }

    [Fact]
    public async Task After_its_server_connection_is_terminated_the_shared_pool_serves_again_on_a_new_one()
    {
        var db = await OpenAsync();
        var killed = await ScalarAsync(db, new Statement("SELECT pg_backend_pid()"));

        await using (var admin = new NpgsqlConnection(postgres.Server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend($1::int)", admin) { Parameters = { new() { Value = killed } } };
            Assert.Equal(true, await terminate.ExecuteScalarAsync());
        }

        object? pid = null;
        await Eventually.True(async () =>
        {
            try
            {
                pid = await ScalarAsync(db, new Statement("SELECT pg_backend_pid()"));
                return true;
            }
            catch (DynamicDbException e) when (e.IsTransient)
            {
                output.WriteLine($"after the kill: {e.ErrorCode}: {e.Message}");
                return false;
            }
        }, "a shared read succeeds after the kill");

        Assert.NotEqual(killed, pid);
        Assert.Equal(Shared, await ScalarAsync(db, new Statement(AppName)));
    }

    private async Task<IDatabaseConnection> OpenAsync(Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString, MaxPoolSize = 1, SharedPoolSize = 1 };
        configure?.Invoke(options);
        var engine = new PostgresEngine(options, _loggers.CreateLogger<PostgresEngine>(), metrics: new EngineMetrics(_recorder.Factory));
        var connection = await engine.OpenAsync(DatabaseName.Create("shared", "db_" + Guid.NewGuid().ToString("N")[..12]));
        _opened.Add((engine, connection));
        return connection;
    }

    private static async Task<object?> ScalarAsync(IDatabaseConnection db, Statement statement, int column = 0) => (await db.QueryAsync(statement)).Rows[0][column];

    private Task WaitActiveAsync(string sql, bool active) => Eventually.True(async () =>
    {
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = $1 AND application_name = $2", admin)
        {
            Parameters = { new() { Value = sql }, new() { Value = Shared } },
        };
        return (long)(await command.ExecuteScalarAsync())! > 0 == active;
    }, $"the read is {(active ? "" : "no longer ")}active on a shared connection");
}
