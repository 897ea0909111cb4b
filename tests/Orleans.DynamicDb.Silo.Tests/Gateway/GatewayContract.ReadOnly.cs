using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>
/// Read-only keys and read-only queries over HTTP: a read-only key is refused on every endpoint that writes
/// (<c>auth.read_only</c>), its queries run read-only in the engine (<c>statement.read_only</c>), and any caller may ask
/// for a read-only query with <c>"read_only": true</c>. Nothing a refused request sent is ever stored.
/// </summary>
public abstract partial class GatewayContract
{
    private static readonly string[] TransactionWrite = ["INSERT INTO items (name) VALUES ('tx')"];

    [Fact]
    public async Task A_read_only_key_is_refused_on_every_endpoint_that_writes_naming_its_app_and_nothing_changes()
    {
        var silo = await SiloAsync();
        var database = await SeededReadOnlyDatabaseAsync(silo);
        var reader = silo.AlphaReadOnly;

        var refused = new[]
        {
            await reader.ExecAsync(database, "INSERT INTO items (name) VALUES ('new')"),
            await reader.ExecAsync(database, "UPDATE items SET name = 'changed'"),
            await reader.ExecAsync(database, "DELETE FROM items"),
            await reader.ExecAsync(database, "CREATE TABLE other (x INTEGER)"),
            await reader.PostAsync("transaction", new { database, queries = TransactionWrite }),
            await reader.PostAsync("create-table", new { database, schema = "CREATE TABLE other (x INTEGER)" }),
            await reader.PostAsync("drop-table", new { database, table_name = "items" }),
            await reader.PostAsync("create", new { database = TestDatabases.New() }),
            await reader.PostAsync("drop", new { database, confirm = database }),
        };

        Assert.All(refused, r => Assert.Contains("'alpha'", r.AssertProblem(HttpStatusCode.Forbidden, "auth.read_only"), StringComparison.Ordinal));
        await AssertSeededUnchangedAsync(silo, database);
    }

    [Fact]
    public async Task A_read_only_key_reads_with_query_and_schema_but_a_write_sent_as_a_query_is_refused_by_the_engine()
    {
        var silo = await SiloAsync();
        var database = await SeededReadOnlyDatabaseAsync(silo);
        var reader = silo.AlphaReadOnly;

        var rows = await reader.RowsAsync(database, "SELECT name FROM items");
        var schema = (await reader.GetAsync($"schema?database={database}")).EnsureOk().Json;
        var writes = new[]
        {
            await reader.QueryAsync(database, "INSERT INTO items (name) VALUES ('returned') RETURNING id"),
            await reader.QueryAsync(database, "WITH x AS (SELECT 'cte' AS n) INSERT INTO items (name) SELECT n FROM x RETURNING id"),
            await reader.QueryAsync(database, "DELETE FROM items RETURNING id"),
            await reader.PostAsync("query", new { database, sql = "DROP TABLE items", read_only = false }),
        };

        Assert.Equal("seed", Assert.Single(rows).GetProperty("name").GetString());
        Assert.Equal("items", Assert.Single(schema.GetProperty("tables").EnumerateArray()).GetProperty("name").GetString());
        Assert.All(writes, r => Assert.Contains($"'{database}'", r.AssertProblem(HttpStatusCode.Forbidden, "statement.read_only"), StringComparison.Ordinal));
        await AssertSeededUnchangedAsync(silo, database);
    }

    [Fact]
    public async Task Any_key_may_ask_for_a_read_only_query_and_its_normal_queries_and_writes_are_unaffected()
    {
        var silo = await SiloAsync();
        var database = await SeededReadOnlyDatabaseAsync(silo);

        var refused = await silo.Alpha.PostAsync("query", new { database, sql = "INSERT INTO items (name) VALUES ('ro') RETURNING id", read_only = true });
        var read = await silo.Alpha.PostAsync("query", new { database, sql = "SELECT name FROM items", read_only = true });
        var badValue = await silo.Alpha.PostAsync("query", new { database, sql = "SELECT 1", read_only = "yes" });
        var written = await silo.Alpha.PostAsync("query", new { database, sql = "INSERT INTO items (name) VALUES ('normal') RETURNING id", read_only = false });

        Assert.Contains($"'{database}'", refused.AssertProblem(HttpStatusCode.Forbidden, "statement.read_only"), StringComparison.Ordinal);
        Assert.Equal(1, read.EnsureOk().Json.GetProperty("count").GetInt32());
        Assert.Contains("'read_only'", badValue.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
        Assert.Equal(1, written.EnsureOk().Json.GetProperty("count").GetInt32());
        Assert.Equal(["normal", "seed"], (await silo.Alpha.RowsAsync(database, "SELECT name FROM items")).Select(r => r.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task A_jwt_with_read_only_true_is_a_read_only_caller_and_a_bad_read_only_claim_is_refused()
    {
        var silo = await SiloAsync();
        var database = await SeededReadOnlyDatabaseAsync(silo);
        var readOnly = silo.WithBearer(TestTokens.Create("alpha", claims: new Dictionary<string, object> { ["read_only"] = true }));
        var writer = silo.WithBearer(TestTokens.Create("alpha", claims: new Dictionary<string, object> { ["read_only"] = false }));
        var bad = silo.WithBearer(TestTokens.Create("alpha", claims: new Dictionary<string, object> { ["read_only"] = "maybe" }));

        var exec = await readOnly.ExecAsync(database, "INSERT INTO items (name) VALUES ('jwt')");
        var query = await readOnly.QueryAsync(database, "INSERT INTO items (name) VALUES ('jwt') RETURNING id");
        var rows = await readOnly.RowsAsync(database, "SELECT name FROM items");
        var badAnswer = await bad.QueryAsync(database, "SELECT name FROM items");
        var allowed = await writer.ExecAsync(database, "UPDATE items SET qty = 2");

        Assert.Contains("'alpha'", exec.AssertProblem(HttpStatusCode.Forbidden, "auth.read_only"), StringComparison.Ordinal);
        query.AssertProblem(HttpStatusCode.Forbidden, "statement.read_only");
        Assert.Single(rows);
        Assert.Contains("read_only", badAnswer.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"), StringComparison.Ordinal);
        Assert.Equal(1, allowed.EnsureOk().Json.GetProperty("rows_affected").GetInt32());
    }

    /// <summary>A new database of alpha with one item named "seed" and no other table.</summary>
    private async Task<string> SeededReadOnlyDatabaseAsync(GatewaySilo silo)
    {
        var database = await NewItemsDatabaseAsync(silo.Alpha);
        (await silo.Alpha.ExecAsync(database, "INSERT INTO items (name) VALUES ('seed')")).EnsureOk();
        return database;
    }

    private static async Task AssertSeededUnchangedAsync(GatewaySilo silo, string database)
    {
        var rows = await silo.Alpha.RowsAsync(database, "SELECT name FROM items");
        var tables = (await silo.Alpha.GetAsync($"schema?database={database}")).EnsureOk().Json.GetProperty("tables").EnumerateArray();

        Assert.Equal("seed", Assert.Single(rows).GetProperty("name").GetString());
        Assert.Equal("items", Assert.Single(tables).GetProperty("name").GetString());
    }
}
