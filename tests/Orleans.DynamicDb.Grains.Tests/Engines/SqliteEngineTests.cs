using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class SqliteEngineTests(ITestOutputHelper output) : DatabaseEngineContract(output)
{
    private readonly TempDirectory _data = new();

    protected override string AutoIdColumn => "id INTEGER PRIMARY KEY";

    protected override string SyntaxErrorMessage => "near \"SELEC\": syntax error";

    protected override string MissingTableMessage => "no such table: missing";

    protected override string LongRunningQuery =>
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000000) SELECT COUNT(*) FROM c";

    protected override IDatabaseEngine CreateEngine(Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions { Id = "sqlite", Kind = EngineKinds.Sqlite, DataDirectory = _data.Path };
        configure?.Invoke(options);
        return new SqliteEngine(options, Loggers.CreateLogger<SqliteEngine>());
    }

    protected override async Task AssertDataMovedAsideAsync(DatabaseName name, string droppedTo)
    {
        Assert.Equal(Path.Combine(_data.Path, ".dropped"), Path.GetDirectoryName(droppedTo));
        Assert.EndsWith("_" + name.FullName, droppedTo);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(droppedTo, SqliteEngine.FileName)};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT v FROM kept", connection);
        Assert.Equal("moved aside", await command.ExecuteScalarAsync());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Each_database_is_one_file_in_wal_mode_under_the_data_directory()
    {
        var name = DatabaseName.Create("myapp", "users");

        var connection = await OpenAsync(name);

        Assert.True(File.Exists(Path.Combine(_data.Path, "myapp_users", "db.sqlite")));
        Assert.Equal("wal", (await connection.QueryAsync(new Statement("PRAGMA journal_mode"))).Rows[0][0]);
    }

    [Fact]
    public async Task An_insert_into_a_table_without_rowid_reports_no_id_even_after_an_insert_that_had_one()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE with_rowid (v TEXT)"));
        await connection.ExecAsync(new Statement("CREATE TABLE without_rowid (code TEXT PRIMARY KEY) WITHOUT ROWID"));

        var withId = await connection.ExecAsync(new Statement("INSERT INTO with_rowid (v) VALUES ('x')"));
        var withoutId = await connection.ExecAsync(new Statement("INSERT INTO without_rowid (code) VALUES ('y')"));

        Assert.Equal(new ExecResult(1, 1), withId);
        Assert.Equal(new ExecResult(1, null), withoutId);
    }
}
