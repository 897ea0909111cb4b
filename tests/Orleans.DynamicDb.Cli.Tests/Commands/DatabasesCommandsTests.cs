using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Commands;

[Collection(CliSiloCollection.Name)]
public sealed class DatabasesCommandsTests(CliSiloFixture silo)
{
    [Fact]
    public async Task A_database_is_created_written_queried_described_listed_and_dropped()
    {
        using var cli = silo.Runner();
        var db = Names.Database();

        var created = await cli.RunAsync("databases", "create", db, "--engine", "sqlite", "--hibernation-timeout", "300");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("sqlite", created.Stdout);
        Assert.Contains("300", created.Stdout);

        await Ok(cli, "databases", "exec", db, "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER)");
        var insert = await Ok(cli, "databases", "exec", db, "INSERT INTO people (name, age) VALUES (?, ?)", "--arg", "Zoë", "--arg", "42");
        Assert.Contains("1 row(s) affected; last insert id 1.", insert.Stdout);
        await Ok(cli, "db", "exec", db, "INSERT INTO people (name, age) VALUES (?, ?)", "-a", "Bob", "-a", "null");

        var query = await Ok(cli, "databases", "query", db, "SELECT name, age FROM people ORDER BY id");
        Assert.Contains("│ name │ age  │", query.Stdout);
        Assert.Contains("│ Zoë  │ 42   │", query.Stdout);
        Assert.Contains("│ Bob  │ NULL │", query.Stdout);
        Assert.Contains("(2 rows)", query.Stdout);

        var schema = await Ok(cli, "databases", "schema", db);
        Assert.Contains("people", schema.Stdout);
        Assert.Contains("name", schema.Stdout);
        Assert.Contains("INTEGER", schema.Stdout);

        var status = await Ok(cli, "databases", "status", db);
        Assert.Contains("engine", status.Stdout);
        Assert.Contains("active", status.Stdout);

        var list = await Ok(cli, "databases", "list");
        Assert.Contains(db, list.Stdout);

        var drop = await Ok(cli, "databases", "drop", db, "--yes");
        Assert.Contains($"Dropped '{db}'", drop.Stdout);
        Assert.DoesNotContain(db, (await Ok(cli, "databases", "list")).Stdout);
    }

    [Fact]
    public async Task Json_output_is_the_silos_answer()
    {
        using var cli = silo.Runner();
        var db = Names.Database();
        await Ok(cli, "databases", "exec", db, "CREATE TABLE t (x INTEGER, s TEXT)");
        await Ok(cli, "databases", "exec", db, "INSERT INTO t VALUES (?, ?)", "--arg", "7", "--arg", "\"7\"");

        var query = await Ok(cli, "databases", "query", db, "SELECT x, s FROM t", "--json");
        var list = await Ok(cli, "--json", "databases", "list");
        var exec = await Ok(cli, "databases", "exec", db, "DELETE FROM t WHERE x = ?", "--arg", "7", "--json");

        var answer = JsonDocument.Parse(query.Stdout).RootElement;
        Assert.Equal(["x", "s"], answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var row = Assert.Single(answer.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Number, row.GetProperty("x").ValueKind);
        Assert.Equal("7", row.GetProperty("s").GetString());
        Assert.False(answer.GetProperty("truncated").GetBoolean());
        Assert.Contains(db, JsonDocument.Parse(list.Stdout).RootElement.GetProperty("databases").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(1, JsonDocument.Parse(exec.Stdout).RootElement.GetProperty("rows_affected").GetInt32());
    }

    [Fact]
    public async Task An_unknown_database_exits_3_with_the_problem()
    {
        using var cli = silo.Runner();

        var status = await cli.RunAsync("databases", "status", Names.Database("never"));

        Assert.True(status.ExitCode == 3, status.ToString());
        Assert.StartsWith("Error: ", status.Stderr);
        Assert.Contains("does not exist", status.Stderr);
        Assert.Empty(status.Stdout);
    }

    [Fact]
    public async Task Bad_sql_exits_2_with_the_engines_message()
    {
        using var cli = silo.Runner();

        var query = await cli.RunAsync("databases", "query", Names.Database(), "SELEC 1");

        Assert.True(query.ExitCode == 2, query.ToString());
        Assert.Contains("syntax error", query.Stderr);
        Assert.Contains("SELEC", query.Stderr);
        Assert.DoesNotContain("   at ", query.Stderr);
    }

    [Fact]
    public async Task Verbose_adds_the_status_and_the_error_code()
    {
        using var cli = silo.Runner();

        var query = await cli.RunAsync("databases", "query", Names.Database(), "SELEC 1", "--verbose");

        Assert.True(query.ExitCode == 2, query.ToString());
        Assert.Contains("(HTTP 400, code sql.syntax)", query.Stderr);
    }

    [Fact]
    public async Task Json_errors_print_the_problem_body_on_stderr()
    {
        using var cli = silo.Runner();

        var query = await cli.RunAsync("databases", "query", Names.Database(), "SELEC 1", "--json");

        Assert.True(query.ExitCode == 2, query.ToString());
        var problem = JsonDocument.Parse(query.Stderr).RootElement;
        Assert.Equal("sql.syntax", problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Missing_arguments_and_bad_names_exit_2()
    {
        using var cli = silo.Runner();

        var noSql = await cli.RunAsync("databases", "query", "somedb");
        var noGroupCommand = await cli.RunAsync("databases");
        var badName = await cli.RunAsync("databases", "create", "Bad-Name");
        var badArg = await cli.RunAsync("databases", "exec", "somedb", "SELECT ?", "--arg", "[1,2]");

        Assert.True(noSql.ExitCode == 2, noSql.ToString());
        Assert.Contains("sql", noSql.Stderr);
        Assert.True(noGroupCommand.ExitCode == 2, noGroupCommand.ToString());
        Assert.True(badName.ExitCode == 2, badName.ToString());
        Assert.Contains("Bad-Name", badName.Stderr);
        Assert.True(badArg.ExitCode == 2, badArg.ToString());
        Assert.Contains("[1,2]", badArg.Stderr);
    }

    [Fact]
    public async Task A_wrong_key_exits_4_with_the_problem_title()
    {
        using var cli = silo.Runner().WithVariable("DYNDB_KEY", "0123456789abcdef-not-a-key");

        var list = await cli.RunAsync("databases", "list");
        using var withoutKey = silo.Runner().WithoutVariable("DYNDB_KEY");
        using var withAdminKey = silo.Runner().WithVariable("DYNDB_KEY", silo.AdminKey);
        var noKey = await withoutKey.RunAsync("databases", "list");
        var adminKey = await withAdminKey.RunAsync("databases", "list");

        Assert.True(list.ExitCode == 4, list.ToString());
        Assert.StartsWith("Error: Authentication required", list.Stderr);
        Assert.True(noKey.ExitCode == 4, noKey.ToString());
        Assert.Contains("DYNDB_KEY", noKey.Stderr);
        Assert.True(adminKey.ExitCode == 4, adminKey.ToString());
        Assert.Contains("admin", adminKey.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_key_that_cannot_be_sent_is_refused_without_printing_it()
    {
        using var cli = silo.Runner().WithVariable("DYNDB_KEY", "secret part é");

        var list = await cli.RunAsync("databases", "list");

        Assert.True(list.ExitCode == 2, list.ToString());
        Assert.Contains("API key contains a space", list.Stderr);
        Assert.DoesNotContain("secret", list.Stderr);
    }

    [Fact]
    public async Task A_silo_that_does_not_answer_exits_6()
    {
        using var cli = silo.Runner().WithVariable("DYNDB_URL", $"http://127.0.0.1:{Orleans.DynamicDb.TestInfrastructure.FreePort.Next()}");

        var list = await cli.RunAsync("databases", "list");

        Assert.True(list.ExitCode == 6, list.ToString());
        Assert.Contains("Cannot reach the silo at http://127.0.0.1:", list.Stderr);
    }

    [Fact]
    public async Task Drop_needs_yes_when_input_is_not_a_terminal()
    {
        using var cli = silo.Runner();
        var db = Names.Database();
        await Ok(cli, "databases", "create", db);

        var drop = await cli.RunAsync("databases", "drop", db);

        Assert.True(drop.ExitCode == 2, drop.ToString());
        Assert.Contains("--yes", drop.Stderr);
        Assert.Contains(db, (await Ok(cli, "databases", "list")).Stdout);
    }

    [Fact]
    public async Task Another_apps_key_never_sees_this_apps_databases()
    {
        using var mine = silo.Runner();
        using var theirs = silo.Runner().WithVariable("DYNDB_KEY", silo.OtherAppKey);
        var db = Names.Database();
        await Ok(mine, "databases", "exec", db, "CREATE TABLE secrets (s TEXT)");
        await Ok(mine, "databases", "exec", db, "INSERT INTO secrets VALUES ('mine')");

        var list = await Ok(theirs, "databases", "list");
        var query = await theirs.RunAsync("databases", "query", db, "SELECT s FROM secrets");

        Assert.DoesNotContain(db, list.Stdout);
        Assert.True(query.ExitCode == 2, query.ToString());
        Assert.Contains("no such table", query.Stderr);
        Assert.DoesNotContain("mine", query.Stdout);
    }

    private static async Task<CliResult> Ok(CliRunner cli, params string[] args)
    {
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"dyndb {string.Join(' ', args)}\n{result}");
        return result;
    }
}
