using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>
/// Session state left by one request is not seen by the next one on the same pooled server connection (a pool of one,
/// and the backend pid checked, so that both requests really share the session). The shared pool is off: its reads
/// would run on another session (see <see cref="PostgresSharedPoolTests"/>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionStateTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private PostgresEngine _engine = null!;
    private IDatabaseConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _engine = new PostgresEngine(
            new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString, MaxPoolSize = 1, SharedPool = false },
            _loggers.CreateLogger<PostgresEngine>());
        _connection = await _engine.OpenAsync(DatabaseName.Create("state", "db_" + Guid.NewGuid().ToString("N")[..12]));
        await _connection.ExecAsync(new Statement("CREATE TABLE t (v TEXT)"));
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _engine.DisposeAsync();
        _loggers.Dispose();
    }

    [Theory]
    [InlineData("SET search_path = pg_catalog", "SELECT current_setting('search_path')", "\"$user\", public")]
    [InlineData("SET statement_timeout = '1ms'", "SELECT current_setting('statement_timeout')", "30s")]
    [InlineData("SET default_transaction_read_only = on", "SELECT current_setting('default_transaction_read_only')", "off")]
    [InlineData("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "SELECT current_setting('transaction_read_only')", "off")]
    [InlineData("SET application_name = 'left behind'", "SELECT current_setting('application_name')", "Orleans.DynamicDb")]
    [InlineData("SET ROLE pg_database_owner", "SELECT current_user = session_user", true)]
    [InlineData("CREATE TEMP TABLE leftover (v int)", "SELECT COUNT(*) FROM pg_class WHERE relname = 'leftover'", 0L)]
    [InlineData("PREPARE leftover AS SELECT 1", "SELECT COUNT(*) FROM pg_prepared_statements WHERE name = 'leftover'", 0L)]
    [InlineData("SELECT pg_advisory_lock(42)", "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()", 0L)]
    [InlineData("LISTEN leftover", "SELECT COUNT(*) FROM pg_listening_channels()", 0L)]
    public async Task Session_state_set_by_one_request_is_gone_for_the_next_one(string change, string probe, object expected)
    {
        var before = await PidAsync();

        await TryAsync(change);
        var seen = (await _connection.QueryAsync(new Statement(probe))).Rows[0][0];

        Assert.Equal(before, await PidAsync());
        Assert.Equal(expected, seen);
        await _connection.ExecAsync(Statement.Of("INSERT INTO t VALUES (?)", "still writable"));
    }

    [Fact]
    public async Task An_open_cursor_s_session_state_is_reset_when_it_is_disposed()
    {
        var before = await PidAsync();
        await using (var cursor = await _connection.OpenCursorAsync(new Statement("SELECT set_config('search_path', 'pg_catalog', false), g FROM generate_series(1, 3) g")))
        {
            Assert.True((await cursor.ReadAsync(10, long.MaxValue)).Completed);
        }

        Assert.Equal(before, await PidAsync());
        Assert.Equal("\"$user\", public", (await _connection.QueryAsync(new Statement("SELECT current_setting('search_path')"))).Rows[0][0]);
    }

    private async Task<object?> PidAsync() => (await _connection.QueryAsync(new Statement("SELECT pg_backend_pid()"))).Rows[0][0];

    private async Task TryAsync(string sql)
    {
        try
        {
            await _connection.ExecAsync(new Statement(sql));
        }
        catch (Errors.DynamicDbException e)
        {
            // SET ROLE to a role the tenant may not take is refused: the point is only that nothing stays either way.
            output.WriteLine($"{sql}: {e.ErrorCode} {e.Message}");
        }
    }
}
