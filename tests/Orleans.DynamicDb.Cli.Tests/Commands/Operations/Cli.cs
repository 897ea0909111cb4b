using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

/// <summary>Runs that must succeed, and the JSON lines of an answer.</summary>
internal static class Cli
{
    /// <summary>Runs the command and asserts exit 0, showing everything printed when not.</summary>
    public static async Task<CliResult> Ok(CliRunner cli, params string[] args)
    {
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"dyndb {string.Join(' ', args)}\n{result}");
        return result;
    }

    /// <summary>A table with a primary key and <paramref name="rows"/> rows in a new database of the runner's app.</summary>
    public static async Task<string> SeededDatabaseAsync(CliRunner cli, int rows, string prefix = "sw")
    {
        var db = Names.Database(prefix);
        await Ok(cli, "databases", "create", db);
        await Ok(cli, "databases", "exec", db, "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        await Ok(cli, "databases", "exec", db, $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) INSERT INTO items (id, v) SELECT x, printf('%050d', x) FROM c");
        return db;
    }
}
