using Orleans.DynamicDb.Cli.Shell;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Shell;

[Collection(CliSiloCollection.Name)]
public sealed class ShellCommandTests(CliSiloFixture silo)
{
    [Fact]
    public async Task Redirected_input_runs_statements_line_by_line_with_tables_and_built_ins()
    {
        using var cli = silo.Runner();
        var db = Names.Database();
        var script = """
            CREATE TABLE pets (id INTEGER PRIMARY KEY,
                               name TEXT NOT NULL);
            INSERT INTO pets (name) VALUES ('Rex; the dog'); INSERT INTO pets (name) VALUES ('Tom');
            -- a comment; not a statement
            SELECT id, name
              FROM pets ORDER BY id;
            \dt
            \d pets
            """;

        var result = await cli.RunWithInputAsync(script, "shell", db);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, CountOf(result.Stdout, "1 row(s) affected"));
        Assert.Contains("│ 1  │ Rex; the dog │", result.Stdout);
        Assert.Contains("│ 2  │ Tom          │", result.Stdout);
        Assert.Contains("(2 rows)", result.Stdout);
        Assert.Contains("│ pets  │ id, name │", result.Stdout);
        Assert.Contains("TEXT", result.Stdout);
        Assert.Empty(result.Stderr);
        Assert.DoesNotContain("=>", result.Stdout);
    }

    [Fact]
    public async Task A_failing_statement_prints_its_problem_and_the_shell_goes_on_until_backslash_q()
    {
        using var cli = silo.Runner();
        var db = Names.Database();
        var script = """
            SELEC 1;
            CREATE TABLE t (x INTEGER);
            INSERT INTO t VALUES (5);
            \nonsense
            \q
            INSERT INTO t VALUES (6);
            """;

        var result = await cli.RunWithInputAsync(script, "shell", db);
        var after = await cli.RunAsync("databases", "query", db, "SELECT count(*) AS n FROM t", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("syntax error", result.Stderr);
        Assert.Contains("Unknown command '\\nonsense'", result.Stderr);
        Assert.Contains("1 row(s) affected", result.Stdout);
        Assert.Contains("\"n\":1", after.Stdout);
    }

    [Fact]
    public async Task At_a_terminal_up_arrow_recalls_history_which_is_kept_in_a_file_for_the_next_session()
    {
        using var cli = silo.Runner();
        var db = Names.Database();
        await cli.RunAsync("databases", "exec", db, "CREATE TABLE t (x INTEGER)");

        var first = await cli.RunWithKeysAsync(
            [.. Keys.Line("INSERT INTO t VALUES (1);"), Keys.Up, Keys.Enter, .. Keys.Line("SELECT count(*) AS n FROM t;")],
            "shell", db);
        var history = Path.Combine(cli.Home, ".config", "dyndb", ShellSession.HistoryFileName);
        var saved = await File.ReadAllLinesAsync(history);
        var second = await cli.RunWithKeysAsync([Keys.Up, Keys.Enter, .. Keys.Line("\\q")], "shell", db);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(2, CountOf(first.Stdout, "1 row(s) affected"));
        Assert.Contains("│ 2 │", first.Stdout);
        Assert.Contains($"{db}=> ", first.Stdout);
        Assert.Equal(["INSERT INTO t VALUES (1);", "SELECT count(*) AS n FROM t;"], saved);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("│ 2 │", second.Stdout);
    }

    [Fact]
    public async Task Ctrl_c_at_the_prompt_abandons_the_statement_being_typed()
    {
        using var cli = silo.Runner();
        var db = Names.Database();

        var result = await cli.RunWithKeysAsync(
            [.. Keys.Line("CREATE TABLE abandoned (x INTEGER)"), Keys.Control(ConsoleKey.C), .. Keys.Line("CREATE TABLE kept (x INTEGER);"), .. Keys.Line("\\dt")],
            "shell", db);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kept", result.Stdout);
        Assert.DoesNotContain("│ abandoned", result.Stdout);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
