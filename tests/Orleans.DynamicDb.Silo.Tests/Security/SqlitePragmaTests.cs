using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// An app key holder on the embedded SQLite engine tries PRAGMAs that change the process, the database's durability or
/// its schema behind SQLite's back: each is refused, and the setting it aimed at is unchanged. The read-only PRAGMAs of
/// the allow-list still answer.
/// </summary>
public sealed class SqlitePragmaTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    [Fact]
    public async Task Setting_temp_store_directory_is_refused_and_the_process_wide_value_is_unchanged()
    {
        var (silo, attacker) = await ArrangeAsync();
        using var outside = new OutsideDirectory();
        var before = ProcessTempStoreDirectory();

        try
        {
            var answer = await silo.Alpha.ExecAsync(attacker, $"PRAGMA temp_store_directory = '{outside.Path}'");

            answer.AssertRefused("temp_store_directory");
            Assert.Equal(before, ProcessTempStoreDirectory());
        }
        finally
        {
            // This test process is the silo: an unprotected run must not leave the setting changed for other tests.
            SetProcessTempStoreDirectory(before);
        }
    }

    [Theory]
    [InlineData("PRAGMA journal_mode = OFF")]
    [InlineData("PRAGMA journal_mode = DELETE")]
    [InlineData("PRAGMA journal_mode = MEMORY")]
    [InlineData("PRAGMA main.journal_mode = OFF")]
    public async Task Changing_the_journal_mode_is_refused_and_the_file_stays_in_WAL_mode(string sql)
    {
        var (silo, attacker) = await ArrangeAsync();
        var file = Path.Combine(silo.DataDirectory, $"alpha_{attacker}", "db.sqlite");
        Assert.True(IsWalFile(file), "The engine did not open the database in WAL mode.");

        var answer = await silo.Alpha.ExecAsync(attacker, sql);
        (await silo.Alpha.ExecAsync(attacker, "INSERT INTO mine (value) VALUES ('after')")).EnsureOk();

        answer.AssertRefused("journal_mode");
        Assert.True(IsWalFile(file), $"'{sql}' took the database out of WAL mode.");
        Assert.Equal(2, (await silo.Alpha.RowsAsync(attacker, "SELECT value FROM mine")).Count);
    }

    [Theory]
    [InlineData("PRAGMA synchronous = OFF")]
    [InlineData("PRAGMA synchronous = 0")]
    [InlineData("PRAGMA main.synchronous = OFF")]
    public async Task Turning_synchronous_off_is_refused_and_no_later_request_runs_without_it(string sql)
    {
        var (silo, attacker) = await ArrangeAsync();

        var answer = await silo.Alpha.ExecAsync(attacker, sql);
        var later = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => silo.Alpha.QueryAsync(attacker, "PRAGMA synchronous")));

        answer.AssertRefused("synchronous");
        foreach (var read in later)
        {
            // Reading the value may be refused as well; when it is answered, it is the engine's own, never OFF (0).
            if (read.Status == System.Net.HttpStatusCode.OK)
            {
                Assert.NotEqual(0, read.Json.GetProperty("items")[0].GetProperty("synchronous").GetInt64());
            }
            else
            {
                read.AssertRefused("synchronous");
            }
        }
    }

    [Fact]
    public async Task Writable_schema_is_refused_and_the_schema_cannot_be_rewritten()
    {
        var (silo, attacker) = await ArrangeAsync();
        const string rewrite = "UPDATE sqlite_master SET sql = 'CREATE TABLE mine (id INTEGER PRIMARY KEY, hijacked TEXT)' WHERE name = 'mine'";

        var pragma = await silo.Alpha.ExecAsync(attacker, "PRAGMA writable_schema = ON");
        var update = await silo.Alpha.ExecAsync(attacker, rewrite);
        var together = await silo.Alpha.ExecAsync(attacker, $"PRAGMA writable_schema = 1; {rewrite}");

        pragma.AssertRefused("writable_schema");
        update.AssertFailed();
        together.AssertRefused("writable_schema");
        var schema = (await silo.Alpha.GetAsync($"schema?database={attacker}")).EnsureOk().Json;
        var table = Assert.Single(schema.GetProperty("tables").EnumerateArray());
        Assert.Equal(["id", "value"], table.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var sql = Assert.Single(await silo.Alpha.RowsAsync(attacker, "SELECT sql FROM sqlite_master WHERE name = 'mine'"));
        Assert.DoesNotContain("hijacked", sql.GetProperty("sql").GetString());
        Assert.Single(await silo.Alpha.RowsAsync(attacker, "SELECT value FROM mine"));
    }

    [Theory]
    [InlineData("SELECT load_extension('libm.so.6')")]
    [InlineData("SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6', 'sqlite3_extension_init')")]
    public async Task Loading_an_extension_is_refused(string sql)
    {
        var (silo, attacker) = await ArrangeAsync();

        var answer = await silo.Alpha.QueryAsync(attacker, sql);

        answer.AssertRefused("load_extension");
    }

    [Theory]
    [InlineData("PRAGMA table_info(mine)", "name")]
    [InlineData("SELECT name FROM pragma_table_info('mine')", "name")]
    [InlineData("PRAGMA index_list(mine)", null)]
    [InlineData("PRAGMA foreign_key_list(mine)", null)]
    public async Task Read_only_pragmas_of_the_allow_list_still_answer(string sql, string? column)
    {
        var (silo, attacker) = await ArrangeAsync();

        var answer = (await silo.Alpha.QueryAsync(attacker, sql)).EnsureOk();

        if (column is not null)
        {
            Assert.Equal(["id", "value"], answer.Json.GetProperty("items").EnumerateArray().Select(r => r.GetProperty(column).GetString()));
        }
    }

    private async Task<(GatewaySilo Silo, string Attacker)> ArrangeAsync()
    {
        var silo = await fixture.GetAsync(() => []);
        var attacker = TestDatabases.New("attacker");
        (await silo.Alpha.ExecAsync(attacker, "CREATE TABLE mine (id INTEGER PRIMARY KEY, value TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(attacker, "INSERT INTO mine (value) VALUES ('before')")).EnsureOk();
        return (silo, attacker);
    }

    /// <summary>Bytes 18 and 19 of a SQLite file's header are 2 in WAL mode, 1 in the rollback-journal modes.</summary>
    private static bool IsWalFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[20];
        stream.ReadExactly(header);
        return header[18] == 2 && header[19] == 2;
    }

    /// <summary>The SQLite library's process-wide temp directory (this test process is the silo).</summary>
    private static string ProcessTempStoreDirectory()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store_directory";
        return command.ExecuteScalar() as string ?? "";
    }

    private static void SetProcessTempStoreDirectory(string value)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA temp_store_directory = '{value.Replace("'", "''", StringComparison.Ordinal)}'";
        command.ExecuteNonQuery();
    }
}
