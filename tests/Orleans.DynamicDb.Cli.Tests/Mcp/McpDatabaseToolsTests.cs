using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

[Collection(McpSiloCollection.Name)]
public sealed class McpDatabaseToolsTests(McpSiloFixture silo)
{
    [Fact]
    public async Task List_status_and_query_answer_what_the_silo_holds()
    {
        var db = await CreatePeopleAsync();
        await using var mcp = await silo.ConnectAsync();

        var list = await mcp.CallOkAsync("list_databases");
        var status = await mcp.CallOkAsync("database_status", $$"""{"database": "{{db}}"}""");
        var query = await mcp.CallOkAsync("query_database", $$"""{"database": "{{db}}", "sql": "SELECT name FROM people WHERE id > ? ORDER BY id", "args": [0]}""");
        var capped = await mcp.CallOkAsync("query_database", $$"""{"database": "{{db}}", "sql": "SELECT name FROM people ORDER BY id", "max_rows": 1}""");

        Assert.Contains(db, list.GetProperty("databases").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(db, status.GetProperty("database").GetString());
        Assert.Equal("sqlite", status.GetProperty("engine").GetString());
        Assert.Equal(["Ada", "Bob"], query.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("Ada", Assert.Single(capped.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(1, capped.GetProperty("rows_not_shown").GetInt32());
    }

    [Fact]
    public async Task Query_database_refuses_writes_and_the_data_stays_unchanged()
    {
        var db = await CreatePeopleAsync();
        await using var mcp = await silo.ConnectAsync();

        var insert = await mcp.CallErrorAsync("query_database", $$"""{"database": "{{db}}", "sql": "INSERT INTO people (name) VALUES ('Eve') RETURNING id"}""");
        var hidden = await mcp.CallErrorAsync("query_database", $$"""{"database": "{{db}}", "sql": "SELECT 1; DELETE FROM people"}""");
        var cte = await mcp.CallErrorAsync("query_database", $$"""{"database": "{{db}}", "sql": "WITH gone AS (SELECT 1) DELETE FROM people"}""");
        var literal = await mcp.CallOkAsync("query_database", $$"""{"database": "{{db}}", "sql": "SELECT 'DELETE; DROP' AS s, count(*) AS n FROM people -- UPDATE"}""");

        Assert.Contains("'sql'", insert);
        Assert.Contains("read-only", insert);
        Assert.Contains("INSERT", insert);
        Assert.Contains("more than one statement", hidden);
        Assert.Contains("DELETE", cte);
        Assert.Equal(2, literal.GetProperty("items")[0].GetProperty("n").GetInt32());
        Assert.Equal("DELETE; DROP", literal.GetProperty("items")[0].GetProperty("s").GetString());
    }

    [Fact]
    public async Task A_tool_sees_only_its_own_apps_databases()
    {
        using var other = silo.Runner(silo.OtherAppKey);
        var theirs = Names.Database("their");
        var created = await other.RunAsync("databases", "exec", theirs, "CREATE TABLE secrets (id INTEGER PRIMARY KEY, v TEXT)");
        Assert.True(created.ExitCode == 0, created.ToString());
        await using var mcp = await silo.ConnectAsync();

        var list = await mcp.CallOkAsync("list_databases");
        var status = await mcp.CallErrorAsync("database_status", $$"""{"database": "{{theirs}}"}""");
        var query = await mcp.CallErrorAsync("query_database", $$"""{"database": "{{theirs}}", "sql": "SELECT * FROM secrets"}""");

        Assert.DoesNotContain(theirs, list.GetProperty("databases").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("database.not_found", status);
        Assert.Contains("secrets", query); // the table does not exist in this app's (new, empty) database of that name
    }

    private async Task<string> CreatePeopleAsync()
    {
        using var cli = silo.Runner();
        var db = Names.Database("mcp");
        foreach (var sql in new[]
        {
            "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
            "INSERT INTO people (name) VALUES ('Ada')",
            "INSERT INTO people (name) VALUES ('Bob')",
        })
        {
            var result = await cli.RunAsync("databases", "exec", db, sql);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        return db;
    }
}
