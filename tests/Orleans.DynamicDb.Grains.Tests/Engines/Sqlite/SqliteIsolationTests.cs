using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>A tenant cannot reach another database's file, the silo's files or any other path (issue 7).</summary>
public sealed class SqliteIsolationTests(ITestOutputHelper output) : SqliteEngineTestBase(output)
{
    [Fact]
    public async Task Attaching_another_apps_database_is_refused_in_exec_query_and_transaction_and_its_rows_stay_unread_and_unchanged()
    {
        var (victimName, victim) = await VictimAsync();
        var attacker = await OpenAsync(NewName());
        var path = Engine.FilePath(victimName);

        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement("ATTACH DATABASE ? AS b", [path])), "ATTACH is not allowed");
        await AssertNotAllowedAsync(() => attacker.QueryAsync(new Statement("ATTACH DATABASE ? AS b", [path])), "ATTACH is not allowed");
        await AssertNotAllowedAsync(() => attacker.TransactionAsync(
            [new Statement("ATTACH DATABASE ? AS b", [path]), new Statement("INSERT INTO b.secret (v) VALUES ('planted')")]), "ATTACH is not allowed");

        // Nothing stayed attached on the pooled connection for the next request.
        var read = await Assert.ThrowsAsync<DynamicDbException>(() => attacker.QueryAsync(new Statement("SELECT v FROM b.secret")));
        Assert.Equal(ErrorCodes.SqlError, read.ErrorCode);
        Assert.DoesNotContain("top secret", read.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DynamicDbException>(() => attacker.ExecAsync(new Statement("INSERT INTO b.secret (v) VALUES ('planted')")));
        await AssertVictimIntactAsync(victim);
    }

    [Fact]
    public async Task Attaching_the_silos_own_catalog_is_refused_and_the_file_is_unchanged()
    {
        var catalog = Path.Combine(Data.Path, "silo", "catalog.db");
        Directory.CreateDirectory(Path.GetDirectoryName(catalog)!);
        using (var setup = new SqliteConnection($"Data Source={catalog};Pooling=false"))
        {
            setup.Open();
            using var create = new SqliteCommand("CREATE TABLE databases (name TEXT); INSERT INTO databases VALUES ('victim/secret_db')", setup);
            create.ExecuteNonQuery();
        }

        var before = await File.ReadAllBytesAsync(catalog);
        var attacker = await OpenAsync(NewName());

        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement($"ATTACH '{catalog}' AS c")), "ATTACH is not allowed");
        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement("ATTACH '../silo/catalog.db' AS c")), "ATTACH is not allowed");

        Assert.Equal(before, await File.ReadAllBytesAsync(catalog));
    }

    [Fact]
    public async Task Attaching_a_new_path_creates_no_file_anywhere()
    {
        var attacker = await OpenAsync(NewName());
        var absolute = Path.Combine(Data.Path, "planted.db");
        var relative = "planted_" + Guid.NewGuid().ToString("N")[..8] + ".db";

        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement($"ATTACH '{absolute}' AS p; CREATE TABLE p.t (x)")), "ATTACH is not allowed");
        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement($"ATTACH '{relative}' AS p")), "ATTACH is not allowed");
        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement("ATTACH 'file:planted?mode=memory' AS p")), "ATTACH is not allowed");

        Assert.False(File.Exists(absolute));
        Assert.False(File.Exists(Path.Combine(Directory.GetCurrentDirectory(), relative)));
    }

    [Fact]
    public async Task Vacuum_into_a_path_creates_no_file_not_even_in_another_databases_folder()
    {
        var (victimName, victim) = await VictimAsync();
        var attacker = await OpenAsync(NewName());
        await attacker.ExecAsync(new Statement("CREATE TABLE mine (x); INSERT INTO mine VALUES (1)"));
        var outside = Path.Combine(Data.Path, "copy.db");
        var intoVictim = Path.Combine(Path.GetDirectoryName(Engine.FilePath(victimName))!, "planted.sqlite");

        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement($"VACUUM INTO '{outside}'")), "VACUUM INTO");
        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement("VACUUM INTO ?", [intoVictim])), "VACUUM INTO");
        await AssertNotAllowedAsync(() => attacker.ExecAsync(new Statement("VACUUM")), "VACUUM");

        Assert.False(File.Exists(outside));
        Assert.False(File.Exists(intoVictim));
        Assert.All(Directory.GetFiles(Path.GetDirectoryName(intoVictim)!), f => Assert.StartsWith("db.sqlite", Path.GetFileName(f), StringComparison.Ordinal));
        await AssertVictimIntactAsync(victim);
        Assert.Equal(1L, await ScalarAsync(attacker, "SELECT COUNT(*) FROM mine"));
    }

    [Fact]
    public async Task The_list_of_database_files_is_refused_as_a_pragma_and_as_a_table_valued_function()
    {
        var attacker = await OpenAsync(NewName());

        var pragma = await AssertNotAllowedAsync(() => attacker.QueryAsync(new Statement("PRAGMA database_list")), "PRAGMA database_list is not allowed");
        var function = await AssertNotAllowedAsync(() => attacker.QueryAsync(new Statement("SELECT file FROM pragma_database_list")), "PRAGMA database_list is not allowed");
        var nested = await AssertNotAllowedAsync(() => attacker.QueryAsync(new Statement("SELECT (SELECT group_concat(file) FROM pragma_database_list) AS f")), "database_list");

        foreach (var e in new[] { pragma, function, nested })
        {
            Assert.DoesNotContain(Data.Path, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("SELECT load_extension('/tmp/evil')", "load_extension")]
    [InlineData("SELECT load_extension('libc.so.6', 'system')", "load_extension")]
    [InlineData("SELECT fts3_tokenizer('simple')", "fts3_tokenizer")]
    public async Task Functions_that_reach_outside_the_database_are_refused(string sql, string function)
    {
        var attacker = await OpenAsync(NewName());

        await AssertNotAllowedAsync(() => attacker.QueryAsync(new Statement(sql)), $"The function {function}() is not allowed");

        // A view cannot smuggle the call in either: it is refused when the view is used.
        await attacker.ExecAsync(new Statement($"CREATE VIEW smuggled AS {sql} AS x"));
        await Assert.ThrowsAsync<DynamicDbException>(() => attacker.QueryAsync(new Statement("SELECT * FROM smuggled")));
    }
}
