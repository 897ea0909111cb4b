using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>A real SQLite engine over a fresh data directory, with helpers to attack it as a tenant and to look behind its back.</summary>
public abstract class SqliteEngineTestBase(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<IDatabaseConnection> _connections = [];
    private SqliteEngine? _engine;

    protected TempDirectory Data { get; } = new();

    protected ILoggerFactory Loggers { get; } = TestOutputLoggerProvider.CreateFactory(output);

    /// <summary>The engine, created on first use with <see cref="Configure"/>.</summary>
    protected SqliteEngine Engine => _engine ??= new SqliteEngine(Options(), Loggers.CreateLogger<SqliteEngine>());

    /// <summary>Adjusts the engine's options before it is created.</summary>
    protected virtual void Configure(EngineOptions options)
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        Loggers.Dispose();
        Data.Dispose();
    }

    protected EngineOptions Options()
    {
        var options = new EngineOptions { Id = "sqlite", Kind = EngineKinds.Sqlite, DataDirectory = Data.Path };
        Configure(options);
        return options;
    }

    protected static DatabaseName NewName(string app = "attacker") => DatabaseName.Create(app, "db_" + Guid.NewGuid().ToString("N")[..12]);

    protected async Task<IDatabaseConnection> OpenAsync(DatabaseName name)
    {
        var connection = await Engine.OpenAsync(name);
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Another app's database with one secret row in <c>secret</c>.</summary>
    protected async Task<(DatabaseName Name, IDatabaseConnection Connection)> VictimAsync()
    {
        var name = NewName("victim");
        var connection = await OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE secret (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
        await connection.ExecAsync(new Statement("INSERT INTO secret (v) VALUES ('top secret')"));
        return (name, connection);
    }

    /// <summary>Checks, through the victim's own connection, that its one row is exactly as it was.</summary>
    protected static async Task AssertVictimIntactAsync(IDatabaseConnection victim)
    {
        var rows = (await victim.QueryAsync(new Statement("SELECT id, v FROM secret"))).Rows;
        var row = Assert.Single(rows);
        Assert.Equal(new object?[] { 1L, "top secret" }, row);
    }

    /// <summary>Runs the attack and checks it is refused with <c>sql.not_allowed</c> naming <paramref name="construct"/>.</summary>
    protected static async Task<DynamicDbException> AssertNotAllowedAsync(Func<Task> attack, string construct)
    {
        var e = await Assert.ThrowsAsync<DynamicDbException>(attack);
        Assert.True(e.ErrorCode == ErrorCodes.SqlNotAllowed, $"Expected {ErrorCodes.SqlNotAllowed}, got {e.ErrorCode}: {e.Message}");
        Assert.Contains(construct, e.Message, StringComparison.Ordinal);
        return e;
    }

    /// <summary>Reads one value from the database file on a separate, unpooled connection the engine knows nothing of.</summary>
    protected object? ReadBehindTheEngine(DatabaseName name, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Engine.FilePath(name)};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = new SqliteCommand(sql, connection);
        return command.ExecuteScalar();
    }

    protected static async Task<object?> ScalarAsync(IDatabaseConnection connection, string sql, params object?[] args) =>
        (await connection.QueryAsync(new Statement(sql, args))).Rows[0][0];
}
