using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.Errors;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>A database that wakes is checked with PRAGMA quick_check (small files always, large ones after an unclean close); a damaged one does not open and keeps its files.</summary>
public sealed class SqliteWakeCheckTests(ITestOutputHelper output)
{
    private const string App = "shop";
    private const int Rows = 2000;

    [Fact]
    public async Task A_healthy_database_is_checked_when_it_wakes_and_opens_with_its_data()
    {
        var log = new RecordedLog();
        await using var engine = new SqliteTestEngine(output, log: log);
        await FillAsync(engine, "orders");

        var connection = await engine.OpenAsync(App, "orders");

        Assert.Equal((long)Rows, await CountAsync(connection));
        Assert.Contains(log.Lines, line => line.EventId == EventIds.SqliteIntegrityChecked
            && line.Message.Contains("shop_orders", StringComparison.Ordinal)
            && line.Message.Contains("is within Health:QuickCheckMaxBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_with_a_damaged_page_does_not_wake_keeps_its_files_and_its_healthy_neighbour_still_opens()
    {
        var log = new RecordedLog();
        await using var engine = new SqliteTestEngine(output, log: log);
        await FillAsync(engine, "orders");
        await FillAsync(engine, "invoices");
        var path = engine.FilePath(App, "orders");
        SqliteFiles.CorruptPage(path, SqliteFiles.LastPage(path));
        var firstProblem = QuickCheckBehindTheEngine(path);
        var damaged = SqliteFiles.Fingerprint(path);

        var e = await Assert.ThrowsAsync<DynamicDbException>(() => engine.OpenAsync(App, "orders"));

        output.WriteLine(e.Message);
        Assert.Equal(ErrorCodes.DatabaseCorrupt, e.ErrorCode);
        Assert.False(e.IsTransient);
        Assert.Contains($"The database {DatabaseName.Create(App, "orders")} on engine 'sqlite' is corrupt and was not opened", e.Message, StringComparison.Ordinal);
        Assert.Contains($"the first: {firstProblem}.", e.Message, StringComparison.Ordinal);
        Assert.Contains("Its files were left in place", e.Message, StringComparison.Ordinal);
        Assert.Equal(damaged, SqliteFiles.Fingerprint(path));
        Assert.Contains(log.Lines, line => line.Level == LogLevel.Error && line.EventId == EventIds.SqliteDatabaseCorrupt
            && line.Message.Contains("shop_orders", StringComparison.Ordinal) && line.Message.Contains(firstProblem, StringComparison.Ordinal));

        Assert.Equal((long)Rows, await CountAsync(await engine.OpenAsync(App, "invoices")));
        await Assert.ThrowsAsync<DynamicDbException>(() => engine.OpenAsync(App, "orders"));
        Assert.Equal(damaged, SqliteFiles.Fingerprint(path));
    }

    [Fact]
    public async Task A_file_that_is_no_longer_a_database_does_not_wake_and_stays_in_place()
    {
        await using var engine = new SqliteTestEngine(output);
        await FillAsync(engine, "orders");
        var path = engine.FilePath(App, "orders");
        SqliteFiles.CorruptHeader(path);
        var damaged = SqliteFiles.Fingerprint(path);

        var e = await Assert.ThrowsAsync<DynamicDbException>(() => engine.OpenAsync(App, "orders"));

        Assert.Equal(ErrorCodes.DatabaseCorrupt, e.ErrorCode);
        Assert.Contains("the first: SQLite Error 26: 'file is not a database'", e.Message, StringComparison.Ordinal);
        Assert.Equal(damaged, SqliteFiles.Fingerprint(path));
    }

    [Fact]
    public async Task A_database_larger_than_the_check_size_wakes_unchecked_after_a_clean_close_and_a_damaged_page_fails_statements_as_an_engine_failure()
    {
        var log = new RecordedLog();
        await using var engine = new SqliteTestEngine(output, options => options.Health.QuickCheckMaxBytes = 0, log: log);
        await FillAsync(engine, "orders");
        var path = engine.FilePath(App, "orders");
        SqliteFiles.CorruptPage(path, SqliteFiles.LastPage(path));

        var connection = await engine.OpenAsync(App, "orders");
        var e = await Assert.ThrowsAsync<DynamicDbException>(() => CountAsync(connection));

        output.WriteLine(e.Message);
        Assert.DoesNotContain(log.Lines, line => line.EventId == EventIds.SqliteIntegrityChecked);
        Assert.Equal(ErrorCodes.EngineUnavailable, e.ErrorCode);
        Assert.Contains("is corrupt", e.Message, StringComparison.Ordinal);
        Assert.True(EngineOutcomeReporter.IsEngineFailure(e.ErrorCode));
    }

    [Fact]
    public async Task A_database_larger_than_the_check_size_is_checked_when_its_previous_close_was_not_clean()
    {
        await using var engine = new SqliteTestEngine(output, options => options.Health.QuickCheckMaxBytes = 0);
        await FillAsync(engine, "orders");
        var path = engine.FilePath(App, "orders");
        SqliteFiles.CorruptPage(path, SqliteFiles.LastPage(path));

        // A connection the engine did not close (a crashed process leaves the same: the -wal file SQLite deletes on a clean close).
        using (var leftOpen = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            leftOpen.Open();
            using (var read = new SqliteCommand("SELECT COUNT(*) FROM sqlite_schema", leftOpen))
            {
                read.ExecuteScalar();
            }

            Assert.True(File.Exists(path + "-wal"), "precondition: an open database in WAL mode has a -wal file");

            var e = await Assert.ThrowsAsync<DynamicDbException>(() => engine.OpenAsync(App, "orders"));
            Assert.Equal(ErrorCodes.DatabaseCorrupt, e.ErrorCode);
        }
    }

    /// <summary>Creates the database with <see cref="Rows"/> rows of about 200 bytes (about 100 pages), then closes it cleanly (hibernation).</summary>
    private static async Task FillAsync(SqliteTestEngine engine, string database)
    {
        var connection = await engine.OpenAsync(App, database);
        await connection.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
        await connection.ExecAsync(new Statement(
            $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Rows}) INSERT INTO t (v) SELECT printf('%0200d', x) FROM c"));
        await connection.CloseAsync();
        Assert.False(File.Exists(engine.FilePath(App, database) + "-wal"), "a clean close leaves no -wal file");
    }

    private static async Task<object?> CountAsync(IDatabaseConnection connection) =>
        (await connection.QueryAsync(new Statement("SELECT COUNT(*) FROM t WHERE length(v) > 0"))).Rows[0][0];

    /// <summary>The first line PRAGMA quick_check answers, on a separate, unpooled connection the engine knows nothing of.</summary>
    private static string QuickCheckBehindTheEngine(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = new SqliteCommand("PRAGMA quick_check", connection);
        var first = (string)command.ExecuteScalar()!;
        Assert.NotEqual("ok", first);
        return first.Split('\n')[^1];
    }
}
