using System.Net;
using System.Text;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>
/// Interactive transactions over HTTP (<c>/v1/database/transactions</c>): open, exec, query, commit and rollback; the id
/// carries the database and only its app can use it (a forged id or another app's id is 404 transaction.not_found); a bad
/// idle timeout names the field or setting; a read-only key opens read-only transactions.
/// </summary>
public abstract partial class GatewayContract
{
    [Fact]
    public async Task A_transaction_opened_over_http_runs_statements_and_keeps_them_on_commit()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);

        var opened = (await client.PostAsync("transactions", new { database, idle_timeout_seconds = 30 })).EnsureOk();
        var id = opened.Json.GetProperty("id").GetString()!;
        var insert = (await client.PostAsync($"transactions/{id}/exec", new { sql = "INSERT INTO items (name, qty) VALUES (?, ?)", args = new object[] { "tx", 2 } })).EnsureOk().Json;
        var inside = (await client.PostAsync($"transactions/{id}/query", new { sql = "SELECT name, qty FROM items" })).EnsureOk().Json;
        var outside = await client.RowsAsync(database, "SELECT name FROM items");
        var committed = (await client.PostAsync($"transactions/{id}/commit", new { })).EnsureOk().Json;
        var after = await client.RowsAsync(database, "SELECT name FROM items");
        var again = await client.PostAsync($"transactions/{id}/commit", new { });

        Assert.Equal(HttpStatusCode.Created, opened.Status);
        Assert.Equal(database, opened.Json.GetProperty("database").GetString());
        Assert.Equal(30, opened.Json.GetProperty("idle_timeout_seconds").GetDouble());
        Assert.False(opened.Json.GetProperty("read_only").GetBoolean());
        Assert.True(opened.Json.TryGetProperty("started_at", out _));
        Assert.Equal(1, insert.GetProperty("rows_affected").GetInt64());
        Assert.Equal("tx", Assert.Single(inside.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        Assert.Empty(outside);
        Assert.Equal("committed", committed.GetProperty("state").GetString());
        Assert.Equal("tx", Assert.Single(after).GetProperty("name").GetString());
        again.AssertProblem(HttpStatusCode.NotFound, "transaction.not_found");
    }

    [Fact]
    public async Task A_transaction_rolled_back_over_http_with_delete_or_rollback_keeps_nothing()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);

        foreach (var end in new[] { "delete", "rollback" })
        {
            var id = (await client.PostAsync("transactions", new { database })).EnsureOk().Json.GetProperty("id").GetString()!;
            (await client.PostAsync($"transactions/{id}/exec", new { sql = "INSERT INTO items (name) VALUES (?)", args = new object[] { end } })).EnsureOk();
            var ended = end == "delete" ? await client.DeleteAsync($"transactions/{id}") : await client.PostAsync($"transactions/{id}/rollback", new { });
            Assert.Equal("rolled_back", ended.EnsureOk().Json.GetProperty("state").GetString());
        }

        Assert.Empty(await client.RowsAsync(database, "SELECT name FROM items"));
    }

    [Fact]
    public async Task A_forged_id_or_another_apps_id_is_not_found_and_never_reaches_the_other_apps_transaction()
    {
        var silo = await SiloAsync();
        var database = await NewItemsDatabaseAsync(silo.Alpha);
        var id = (await silo.Alpha.PostAsync("transactions", new { database })).EnsureOk().Json.GetProperty("id").GetString()!;
        (await silo.Alpha.PostAsync($"transactions/{id}/exec", new { sql = "INSERT INTO items (name) VALUES ('alpha')" })).EnsureOk();
        var grainId = id[(id.LastIndexOf('.') + 1)..];
        var otherApp = "tx." + Convert.ToBase64String(Encoding.UTF8.GetBytes($"beta/{database}")).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + grainId;

        var answers = new[]
        {
            await silo.Beta.PostAsync($"transactions/{id}/exec", new { sql = "DELETE FROM items" }),
            await silo.Beta.PostAsync($"transactions/{id}/commit", new { }),
            await silo.Beta.DeleteAsync($"transactions/{id}"),
            await silo.Beta.PostAsync($"transactions/{otherApp}/query", new { sql = "SELECT name FROM items" }),
            await silo.Alpha.PostAsync($"transactions/{id[..^4]}abcd/query", new { sql = "SELECT name FROM items" }),
            await silo.Alpha.PostAsync("transactions/tx.bm9wZQ.tx_00/query", new { sql = "SELECT 1" }),
            await silo.Alpha.PostAsync("transactions/garbage/commit", new { }),
        };
        (await silo.Alpha.PostAsync($"transactions/{id}/commit", new { })).EnsureOk();

        Assert.All(answers, a => a.AssertProblem(HttpStatusCode.NotFound, "transaction.not_found"));
        Assert.Equal("alpha", Assert.Single(await silo.Alpha.RowsAsync(database, "SELECT name FROM items")).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("0", "idle_timeout_seconds")]
    [InlineData("-1", "idle_timeout_seconds")]
    [InlineData("\"soon\"", "idle_timeout_seconds")]
    [InlineData("86400", "DynamicDb:Databases:MaxTransactionIdleTimeout")]
    public async Task A_bad_idle_timeout_is_refused_naming_the_field_or_the_setting(string value, string named)
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);

        var refused = await client.PostRawAsync("transactions", $"{{\"database\": \"{database}\", \"idle_timeout_seconds\": {value}}}");

        Assert.Contains(named, refused.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"read_committed\"", true)]
    [InlineData("\"repeatable_read\"", true)]
    [InlineData("\"serializable\"", true)]
    [InlineData("\"chaos\"", false)]
    [InlineData("3", false)]
    public async Task A_transaction_opens_at_the_isolation_asked_for_and_a_bad_isolation_is_refused_naming_the_field(string value, bool opens)
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);

        var response = await client.PostRawAsync("transactions", $"{{\"database\": \"{database}\", \"isolation\": {value}}}");

        if (opens)
        {
            var id = response.EnsureOk().Json.GetProperty("id").GetString()!;
            (await client.PostAsync($"transactions/{id}/exec", new { sql = "INSERT INTO items (name) VALUES ('isolated')" })).EnsureOk();
            (await client.PostAsync($"transactions/{id}/commit", new { })).EnsureOk();
            Assert.Equal("isolated", Assert.Single(await client.RowsAsync(database, "SELECT name FROM items")).GetProperty("name").GetString());
        }
        else
        {
            Assert.Contains("isolation", response.AssertProblem(HttpStatusCode.BadRequest, "request.invalid"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_read_only_key_opens_a_read_only_transaction_whose_writes_are_refused()
    {
        var silo = await SiloAsync();
        var database = await NewItemsDatabaseAsync(silo.Alpha);
        var reader = silo.AlphaReadOnly;

        var opened = (await reader.PostAsync("transactions", new { database, read_only = false })).EnsureOk().Json;
        var id = opened.GetProperty("id").GetString()!;
        var rows = (await reader.PostAsync($"transactions/{id}/query", new { sql = "SELECT name FROM items" })).EnsureOk().Json;
        var exec = await reader.PostAsync($"transactions/{id}/exec", new { sql = "INSERT INTO items (name) VALUES ('no')" });
        var sneaked = await reader.PostAsync($"transactions/{id}/query", new { sql = "INSERT INTO items (name) VALUES ('no') RETURNING id" });
        (await reader.PostAsync($"transactions/{id}/rollback", new { })).EnsureOk();

        Assert.True(opened.GetProperty("read_only").GetBoolean());
        Assert.Equal(0, rows.GetProperty("count").GetInt32());
        exec.AssertProblem(HttpStatusCode.Forbidden, "auth.read_only");
        sneaked.AssertProblem(HttpStatusCode.Forbidden, "statement.read_only");
        Assert.Empty(await silo.Alpha.RowsAsync(database, "SELECT name FROM items"));
    }

    [Fact]
    public async Task A_statement_after_a_failed_one_answers_409_transaction_aborted()
    {
        var client = (await SiloAsync()).Alpha;
        var database = await NewItemsDatabaseAsync(client);
        var id = (await client.PostAsync("transactions", new { database })).EnsureOk().Json.GetProperty("id").GetString()!;

        var failed = await client.PostAsync($"transactions/{id}/exec", new { sql = "INSERT INTO nowhere VALUES (1)" });
        var next = await client.PostAsync($"transactions/{id}/exec", new { sql = "INSERT INTO items (name) VALUES ('late')" });
        var commit = await client.PostAsync($"transactions/{id}/commit", new { });

        Assert.Equal(HttpStatusCode.BadRequest, failed.Status);
        next.AssertProblem(HttpStatusCode.Conflict, "transaction.aborted");
        commit.AssertProblem(HttpStatusCode.Conflict, "transaction.aborted");
        Assert.Empty(await client.RowsAsync(database, "SELECT name FROM items"));
    }
}
