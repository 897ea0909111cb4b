using System.Net;
using System.Text;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>Bad requests: each is answered with the right problem, and the stored data is unchanged afterwards.</summary>
public abstract partial class GatewayContract
{
    private const string Seeded = "SELECT name, qty FROM items ORDER BY name";

    private static readonly (string Name, long Qty)[] SeededRows = [("apple", 1), ("pear", 2)];

    [Theory]
    [InlineData("Users", "'U' is not allowed")]
    [InlineData("my-db", "'-' is not allowed")]
    [InlineData("a_database_name_that_is_far_too_long_to_be_accepted_by_the_rules_0123456789", "at most 63")]
    public async Task An_invalid_database_name_is_a_400_naming_the_rule(string name, string expected)
    {
        var (client, database) = await SeededAsync();

        var exec = await client.ExecAsync(name, "DELETE FROM items");
        var status = await client.GetAsync($"status?database={name}");

        Assert.Contains(expected, exec.AssertProblem(HttpStatusCode.BadRequest, "database.invalid_name"));
        status.AssertProblem(HttpStatusCode.BadRequest, "database.invalid_name");
        await AssertUnchangedAsync(client, database);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_and_nothing_runs()
    {
        var (client, database) = await SeededAsync();
        var body = Encoding.UTF8.GetBytes(
            $"{{\"database\":\"{database}\",\"sql\":\"DELETE FROM items WHERE name <> ?\",\"args\":[\"{new string('x', 5 * 1024 * 1024)}\"]}}");

        var response = await client.PostBytesAsync("exec", body);

        Assert.Contains("MaxRequestBodyBytes", response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large"));
        await AssertUnchangedAsync(client, database);
    }

    [Theory]
    [InlineData("{\"database\": \"DB\", \"sql\": \"DELETE FROM items\"", "not valid JSON")]
    [InlineData("[\"DELETE FROM items\"]", "must be a JSON object")]
    [InlineData("", "body is empty")]
    [InlineData("{\"database\": \"DB\"}", "'sql' is required")]
    [InlineData("{\"sql\": \"DELETE FROM items\"}", "'database' is required")]
    [InlineData("{\"database\": \"DB\", \"sql\": 42}", "'sql' must be a string")]
    [InlineData("{\"database\": \"DB\", \"sql\": \"   \"}", "'sql' must not be empty")]
    [InlineData("{\"database\": \"DB\", \"sql\": \"DELETE FROM items WHERE name = ?\", \"args\": \"apple\"}", "'args' must be an array")]
    [InlineData("{\"database\": \"DB\", \"sql\": \"DELETE FROM items WHERE name = ?\", \"args\": [{\"name\": \"apple\"}]}", "'args[0]' is an object")]
    [InlineData("{\"database\": \"DB\", \"sql\": \"DELETE FROM items WHERE name = ?\", \"args\": [[1]]}", "'args[0]' is an array")]
    public async Task Malformed_JSON_and_missing_fields_are_a_400_naming_the_problem(string json, string expected)
    {
        var (client, database) = await SeededAsync();

        var response = await client.PostRawAsync("exec", json.Replace("DB", database, StringComparison.Ordinal));

        Assert.Contains(expected, response.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        await AssertUnchangedAsync(client, database);
    }

    [Fact]
    public async Task A_transaction_entry_that_is_neither_text_nor_an_object_is_a_400_naming_it()
    {
        var (client, database) = await SeededAsync();

        var response = await client.PostAsync("transaction", new { database, queries = new object[] { "DELETE FROM items", 42 } });
        var empty = await client.PostAsync("transaction", new { database, queries = Array.Empty<object>() });

        Assert.Contains("'queries[1]' is a number", response.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        Assert.Contains("'queries'", empty.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        await AssertUnchangedAsync(client, database);
    }

    [Fact]
    public async Task A_SQL_syntax_error_is_a_400_with_the_engines_message()
    {
        var (client, database) = await SeededAsync();

        var response = await client.ExecAsync(database, "DELETEE FROM items");

        Assert.Contains("DELETEE", response.AssertProblem(HttpStatusCode.BadRequest, "sql.syntax"));
        await AssertUnchangedAsync(client, database);
    }

    [Fact]
    public async Task A_failing_statement_is_a_400_with_the_engines_message()
    {
        var (client, database) = await SeededAsync();

        var missingTable = await client.QueryAsync(database, "SELECT * FROM no_such_table");
        var duplicate = await client.ExecAsync(database, "INSERT INTO items (name, qty) VALUES (?, ?)", "apple", 9);

        Assert.Contains("no_such_table", missingTable.AssertProblem(HttpStatusCode.BadRequest, "sql.error"));
        Assert.Contains("name", duplicate.AssertProblem(HttpStatusCode.BadRequest, "sql.error"), StringComparison.OrdinalIgnoreCase);
        await AssertUnchangedAsync(client, database);
    }

    [Fact]
    public async Task An_unknown_engine_is_a_400_naming_the_configured_ones()
    {
        var (client, database) = await SeededAsync();

        var response = await client.PostAsync("create", new { database = TestDatabases.New(), engine = "no-such-engine" });

        Assert.Contains(EngineId, response.AssertProblem(HttpStatusCode.BadRequest, "engine.unknown"));
        await AssertUnchangedAsync(client, database);
    }

    [Fact]
    public async Task Drop_without_or_with_a_wrong_confirm_is_a_400_naming_the_field()
    {
        var (client, database) = await SeededAsync();

        var without = await client.PostAsync("drop", new { database });
        var wrong = await client.PostAsync("drop", new { database, confirm = "yes" });

        Assert.Contains("'confirm'", without.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        Assert.Contains("'confirm'", wrong.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        await AssertUnchangedAsync(client, database);
    }

    [Theory]
    [InlineData("items; DROP TABLE items")]
    [InlineData("items\"")]
    [InlineData("1items")]
    [InlineData("a.b.c")]
    [InlineData("")]
    public async Task Drop_table_with_a_name_that_is_not_an_identifier_is_a_400(string tableName)
    {
        var (client, database) = await SeededAsync();

        var response = await client.PostAsync("drop-table", new { database, table_name = tableName });

        Assert.Contains("'table_name'", response.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        await AssertUnchangedAsync(client, database);
    }

    [Fact]
    public async Task Create_table_with_a_statement_that_is_not_CREATE_TABLE_is_a_400()
    {
        var (client, database) = await SeededAsync();

        var response = await client.PostAsync("create-table", new { database, schema = "DROP TABLE items" });

        Assert.Contains("'schema'", response.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        await AssertUnchangedAsync(client, database);
    }

    /// <summary>The database shared by the bad-request tests of this class: the items table with <see cref="SeededRows"/>.</summary>
    private async Task<(GatewayClient Client, string Database)> SeededAsync()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await fixture.SharedAsync("seeded", async () =>
        {
            var name = await NewItemsDatabaseAsync(client);
            foreach (var (item, qty) in SeededRows)
            {
                (await client.ExecAsync(name, "INSERT INTO items (name, qty) VALUES (?, ?)", item, qty)).EnsureOk();
            }

            return name;
        });
        return (client, database);
    }

    private static async Task AssertUnchangedAsync(GatewayClient client, string database)
    {
        var rows = await client.RowsAsync(database, Seeded);
        Assert.Equal(SeededRows, rows.Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("qty").GetInt64())));
        Assert.Equal(["items"], await TableNamesAsync(client, database));
    }
}
