using System.Net;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>
/// The gateway contract of the dynamic-clustering seed, over real HTTP, run once per engine by the derived classes.
/// Every test uses databases of its own; the bad-request tests (<see cref="GatewayContract.BadRequests"/>) share one
/// seeded database and check after each request that it is unchanged.
/// </summary>
public abstract partial class GatewayContract(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    /// <summary>The engine's settings as command-line arguments; it must be the default engine.</summary>
    protected abstract IEnumerable<string> EngineArguments { get; }

    /// <summary>The id of the engine the arguments configure.</summary>
    protected abstract string EngineId { get; }

    /// <summary>An auto-numbered integer primary key column named <c>id</c>, in the engine's dialect.</summary>
    protected abstract string IdColumn { get; }

    private protected Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => EngineArguments);

    private protected string ItemsTable => $"CREATE TABLE items (id {IdColumn}, name TEXT NOT NULL UNIQUE, price DOUBLE PRECISION, qty BIGINT)";

    /// <summary>A new database with the items table, created through create-table.</summary>
    private protected async Task<string> NewItemsDatabaseAsync(GatewayClient client)
    {
        var database = TestDatabases.New();
        (await client.PostAsync("create-table", new { database, schema = ItemsTable })).EnsureOk();
        return database;
    }

    [Fact]
    public async Task Exec_answers_rows_affected_and_the_last_insert_id()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);

        var first = (await client.ExecAsync(database, "INSERT INTO items (name, price, qty) VALUES (?, ?, ?)", "apple", 1.5, 3)).EnsureOk().Json;
        var second = (await client.ExecAsync(database, "INSERT INTO items (name, price, qty) VALUES (?, ?, ?)", "pear", 2.25, 7)).EnsureOk().Json;
        var update = (await client.ExecAsync(database, "UPDATE items SET qty = qty + 1")).EnsureOk().Json;

        Assert.Equal(1, first.GetProperty("rows_affected").GetInt64());
        Assert.Equal(1, first.GetProperty("last_insert_id").GetInt64());
        Assert.Equal(2, second.GetProperty("last_insert_id").GetInt64());
        Assert.Equal(2, update.GetProperty("rows_affected").GetInt64());
        Assert.True(update.TryGetProperty("last_insert_id", out _), "last_insert_id is always present (null when unknown)");
    }

    [Fact]
    public async Task Query_answers_items_keyed_by_column_name_and_their_count()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);
        (await client.ExecAsync(database, "INSERT INTO items (name, price, qty) VALUES (?, ?, ?)", "apple", 1.5, 3)).EnsureOk();
        (await client.ExecAsync(database, "INSERT INTO items (name, price, qty) VALUES (?, ?, ?)", "avocado", null, 5_000_000_000L)).EnsureOk();
        (await client.ExecAsync(database, "INSERT INTO items (name, price, qty) VALUES (?, ?, ?)", "banana", 0.25, 1)).EnsureOk();

        var response = (await client.QueryAsync(database, "SELECT name, price, qty FROM items WHERE name LIKE ? ORDER BY name", "a%")).EnsureOk();

        Assert.Equal("application/json", response.MediaType);
        var json = response.Json;
        Assert.Equal(2, json.GetProperty("count").GetInt32());
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["name", "price", "qty"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("apple", items[0].GetProperty("name").GetString());
        Assert.Equal(1.5, items[0].GetProperty("price").GetDouble());
        Assert.Equal(3, items[0].GetProperty("qty").GetInt64());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("price").ValueKind);
        Assert.Equal(5_000_000_000L, items[1].GetProperty("qty").GetInt64());
    }

    [Fact]
    public async Task A_transaction_of_plain_and_parameterised_statements_commits_them_all()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);

        var response = await client.PostAsync("transaction", new
        {
            database,
            queries = new object[]
            {
                "INSERT INTO items (name, qty) VALUES ('bob', 1)",
                new { sql = "INSERT INTO items (name, qty) VALUES (?, ?)", args = new object[] { "alice", 2 } },
                "UPDATE items SET qty = qty * 10 WHERE name = 'bob'",
            },
        });

        Assert.True(response.EnsureOk().Json.GetProperty("success").GetBoolean());
        var rows = await client.RowsAsync(database, "SELECT name, qty FROM items ORDER BY name");
        Assert.Equal([("alice", 2L), ("bob", 10L)], rows.Select(r => (r.GetProperty("name").GetString(), r.GetProperty("qty").GetInt64())));
    }

    [Fact]
    public async Task A_transaction_with_a_failing_statement_changes_nothing()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);
        (await client.ExecAsync(database, "INSERT INTO items (name, qty) VALUES ('keep', 1)")).EnsureOk();

        var response = await client.PostAsync("transaction", new
        {
            database,
            queries = new object[]
            {
                "INSERT INTO items (name, qty) VALUES ('new', 1)",
                "UPDATE items SET qty = 99",
                "INSERT INTO items (name, qty) VALUES ('keep', 2)",
            },
        });

        var detail = response.AssertProblem(HttpStatusCode.BadRequest, "sql.error");
        Assert.Contains("name", detail, StringComparison.OrdinalIgnoreCase);
        var rows = await client.RowsAsync(database, "SELECT name, qty FROM items");
        Assert.Equal([("keep", 1L)], rows.Select(r => (r.GetProperty("name").GetString(), r.GetProperty("qty").GetInt64())));
    }

    [Fact]
    public async Task Schema_lists_each_table_with_its_column_names_by_GET_and_by_POST()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);
        (await client.PostAsync("create-table", new { database, schema = "CREATE TABLE notes (body TEXT)" })).EnsureOk();

        var byGet = (await client.GetAsync($"schema?database={database}")).EnsureOk().Json;
        var byPost = (await client.PostAsync("schema", new { database })).EnsureOk().Json;

        Assert.Equal(byGet.GetRawText(), byPost.GetRawText());
        var tables = byGet.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(["items", "notes"], tables.Keys.Order());
        Assert.Equal(["id", "name", "price", "qty"], tables["items"].GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var id = tables["items"].GetProperty("column_details").EnumerateArray().First();
        Assert.Equal("id", id.GetProperty("name").GetString());
        Assert.True(id.GetProperty("primary_key").GetBoolean());
        Assert.False(string.IsNullOrEmpty(id.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Create_table_and_drop_table_answer_rows_affected_and_change_the_schema()
    {
        var client = (await SiloAsync()).Alpha;
        var database = TestDatabases.New();

        var created = (await client.PostAsync("create-table", new { database, schema = "CREATE TABLE old_table (id INTEGER)" })).EnsureOk().Json;
        var before = await TableNamesAsync(client, database);
        var dropped = (await client.PostAsync("drop-table", new { database, table_name = "old_table" })).EnsureOk().Json;
        var after = await TableNamesAsync(client, database);

        Assert.Equal(0, created.GetProperty("rows_affected").GetInt64());
        Assert.Equal(JsonValueKind.Number, dropped.GetProperty("rows_affected").ValueKind);
        Assert.Equal(["old_table"], before);
        Assert.Empty(after);
    }

    [Fact]
    public async Task List_names_the_apps_databases_without_the_app_prefix()
    {
        var client = (await SiloAsync()).Alpha;
        var database = TestDatabases.New();
        (await client.ExecAsync(database, "CREATE TABLE t (x INTEGER)")).EnsureOk();

        var databases = (await client.GetAsync("list")).EnsureOk().Json.GetProperty("databases").EnumerateArray().Select(d => d.GetString()).ToList();

        Assert.Contains(database, databases);
        Assert.DoesNotContain($"alpha_{database}", databases);
    }

    [Fact]
    public async Task Create_answers_201_with_the_entry_and_then_200_for_an_existing_database()
    {
        var client = (await SiloAsync()).Alpha;
        var database = TestDatabases.New();

        var created = await client.PostAsync("create", new { database, engine = EngineId, hibernation_timeout_seconds = 120 });
        var again = await client.PostAsync("create", new { database });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        var info = created.Json;
        Assert.Equal(database, info.GetProperty("database").GetString());
        Assert.Equal("active", info.GetProperty("status").GetString());
        Assert.Equal(EngineId, info.GetProperty("engine").GetString());
        Assert.Equal(120, info.GetProperty("hibernation_timeout_seconds").GetDouble());
        Assert.True(info.GetProperty("created_at").GetDateTimeOffset() <= info.GetProperty("last_activity").GetDateTimeOffset());
        Assert.Equal(info.GetProperty("created_at").GetDateTimeOffset(), again.Json.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Status_answers_the_catalog_entry_and_404_for_an_unknown_database()
    {
        var client = (await SiloAsync()).Alpha;
        var database = TestDatabases.New();
        (await client.PostAsync("create", new { database })).EnsureOk();

        var status = (await client.GetAsync($"status?database={database}")).EnsureOk().Json;
        var unknown = await client.GetAsync($"status?database={TestDatabases.New("never")}");

        Assert.Equal(database, status.GetProperty("database").GetString());
        Assert.True(status.GetProperty("status").GetString() is "active" or "hibernated", status.GetRawText());
        Assert.Equal(EngineId, status.GetProperty("engine").GetString());
        Assert.True(status.GetProperty("hibernation_timeout_seconds").GetDouble() > 0);
        Assert.Contains("does not exist", unknown.AssertProblem(HttpStatusCode.NotFound, "database.not_found"));
    }

    [Fact]
    public async Task Drop_with_the_name_confirmed_moves_the_data_aside_and_frees_the_name()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);
        (await client.ExecAsync(database, "INSERT INTO items (name) VALUES ('x')")).EnsureOk();

        var dropped = (await client.PostAsync("drop", new { database, confirm = database })).EnsureOk().Json;
        var list = (await client.GetAsync("list")).EnsureOk().Json.GetProperty("databases").EnumerateArray().Select(d => d.GetString());
        var status = (await client.GetAsync($"status?database={database}")).EnsureOk().Json;
        var again = await client.PostAsync("drop", new { database, confirm = database });
        var reused = await client.RowsAsync(database, "SELECT 1 AS one");

        Assert.True(dropped.GetProperty("dropped").GetBoolean());
        Assert.Contains(database, dropped.GetProperty("moved_to").GetString());
        Assert.DoesNotContain(database, list);
        Assert.Equal("dropped", status.GetProperty("status").GetString());
        again.AssertProblem(HttpStatusCode.NotFound, "database.not_found");
        Assert.Single(reused);
        Assert.Empty(await TableNamesAsync(client, database));
    }

    [Fact]
    public async Task Two_hundred_parallel_inserts_are_all_acknowledged_and_all_stored()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => client.ExecAsync(database, "INSERT INTO items (name, qty) VALUES (?, ?)", $"item{i}", i)));

        Assert.All(responses, r => Assert.Equal(1, r.EnsureOk().Json.GetProperty("rows_affected").GetInt64()));
        Assert.Equal(200, responses.Select(r => r.Json.GetProperty("last_insert_id").GetInt64()).Distinct().Count());
        var count = (await client.RowsAsync(database, "SELECT COUNT(*) AS n, SUM(qty) AS total FROM items")).Single();
        Assert.Equal(200, count.GetProperty("n").GetInt64());
        Assert.Equal(Enumerable.Range(0, 200).Sum(), count.GetProperty("total").GetInt64());
    }

    private protected static async Task<IReadOnlyList<string>> TableNamesAsync(GatewayClient client, string database)
    {
        var schema = (await client.GetAsync($"schema?database={database}")).EnsureOk().Json;
        return [.. schema.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
    }
}
