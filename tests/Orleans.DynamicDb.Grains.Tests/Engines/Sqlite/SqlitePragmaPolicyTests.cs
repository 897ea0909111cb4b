using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Errors;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>A tenant reads the allow-listed pragmas but changes no setting of the engine, the file or the process.</summary>
public sealed class SqlitePragmaPolicyTests(ITestOutputHelper output) : SqliteEngineTestBase(output)
{
    [Theory]
    [InlineData("PRAGMA journal_mode = OFF", "PRAGMA journal_mode")]
    [InlineData("PRAGMA main.journal_mode = DELETE", "PRAGMA journal_mode")]
    [InlineData("PRAGMA synchronous = OFF", "PRAGMA synchronous")]
    [InlineData("PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys")]
    [InlineData("PRAGMA temp_store_directory = '/tmp'", "PRAGMA temp_store_directory")]
    [InlineData("PRAGMA writable_schema = ON", "PRAGMA writable_schema")]
    [InlineData("PRAGMA cache_size = 1", "PRAGMA cache_size")]
    [InlineData("PRAGMA busy_timeout = 0", "PRAGMA busy_timeout")]
    [InlineData("PRAGMA user_version = 7", "PRAGMA user_version")]
    [InlineData("PRAGMA temp_store = MEMORY", "PRAGMA temp_store")]
    public async Task A_setting_a_tenant_may_not_change_is_refused_and_the_engines_settings_stay_in_force(string sql, string construct)
    {
        var name = NewName();
        var connection = await OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent (id))"));

        await AssertNotAllowedAsync(() => connection.ExecAsync(new Statement(sql)), construct);
        await AssertNotAllowedAsync(() => connection.QueryAsync(new Statement(sql)), construct);

        // The file's journal mode, read behind the engine's back.
        Assert.Equal("wal", ReadBehindTheEngine(name, "PRAGMA journal_mode"));
        Assert.Equal(0L, ReadBehindTheEngine(name, "PRAGMA user_version"));
        Assert.Equal("", ReadBehindTheEngine(name, "PRAGMA temp_store_directory") ?? "");

        // The connection's own settings, on the pooled connection that just ran the attack.
        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous"));
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));
        var orphan = await Assert.ThrowsAsync<DynamicDbException>(() => connection.ExecAsync(new Statement("INSERT INTO child (p) VALUES (42)")));
        Assert.Contains("FOREIGN KEY constraint failed", orphan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_pragma_sqlite_knows_is_refused_as_a_write_and_only_the_allow_list_may_be_read()
    {
        var name = NewName();
        var connection = await OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        var pragmas = new List<string>();
        using (var list = new SqliteConnection("Data Source=:memory:"))
        {
            list.Open();
            using var command = new SqliteCommand("SELECT name FROM pragma_pragma_list ORDER BY name", list);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                pragmas.Add(reader.GetString(0));
            }
        }

        Assert.True(pragmas.Count > 50, $"SQLite listed only {pragmas.Count} pragmas.");
        foreach (var pragma in pragmas.Where(p => !SqliteStatementPolicy.InspectionPragmas.Contains(p)))
        {
            await AssertNotAllowedAsync(() => connection.ExecAsync(new Statement($"PRAGMA {pragma} = 0")), $"PRAGMA {pragma} ");
            if (!SqliteStatementPolicy.ReadOnlyPragmas.Contains(pragma))
            {
                await AssertNotAllowedAsync(() => connection.QueryAsync(new Statement($"PRAGMA {pragma}")), $"PRAGMA {pragma} is not allowed");
            }
        }

        Assert.Equal("wal", ReadBehindTheEngine(name, "PRAGMA journal_mode"));
        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous"));
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));
        Assert.Equal("ok", ReadBehindTheEngine(name, "PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Rewriting_the_schema_through_writable_schema_is_refused_and_the_schema_is_unchanged()
    {
        var name = NewName();
        var connection = await OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));

        await AssertNotAllowedAsync(() => connection.ExecAsync(new Statement(
            "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, evil TEXT)' WHERE name = 't'")),
            "PRAGMA writable_schema");
        await Assert.ThrowsAsync<DynamicDbException>(() => connection.ExecAsync(new Statement(
            "UPDATE sqlite_master SET sql = 'CREATE TABLE t (evil)' WHERE name = 't'")));

        Assert.Equal("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)", ReadBehindTheEngine(name, "SELECT sql FROM sqlite_master WHERE name = 't'"));
        Assert.Equal("ok", ReadBehindTheEngine(name, "PRAGMA integrity_check"));
        var table = Assert.Single((await connection.GetSchemaAsync()).Tables);
        Assert.Equal(["id", "v"], table.Columns.Select(c => c.Name));
    }

    [Theory]
    [InlineData("PRAGMA table_info(t)")]
    [InlineData("PRAGMA table_xinfo(t)")]
    [InlineData("PRAGMA table_list")]
    [InlineData("PRAGMA index_list(t)")]
    [InlineData("PRAGMA index_info(t_by_v)")]
    [InlineData("PRAGMA index_xinfo(t_by_v)")]
    [InlineData("PRAGMA foreign_key_list(t)")]
    [InlineData("PRAGMA integrity_check")]
    [InlineData("PRAGMA quick_check(t)")]
    [InlineData("PRAGMA user_version")]
    [InlineData("PRAGMA journal_mode")]
    [InlineData("PRAGMA main.page_count")]
    [InlineData("SELECT name FROM pragma_table_info('t')")]
    [InlineData("SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS p")]
    public async Task Allow_listed_pragmas_still_answer(string sql)
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, up INTEGER REFERENCES t (id)); CREATE INDEX t_by_v ON t (v)"));

        var result = await connection.QueryAsync(new Statement(sql));

        Assert.NotEmpty(result.Rows);
    }

    [Fact]
    public async Task Foreign_key_check_still_answers_with_the_violations()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent (id))"));

        var result = await connection.QueryAsync(new Statement("PRAGMA foreign_key_check"));

        Assert.Empty(result.Rows);
        Assert.Contains("table", result.Columns);
    }
}
