using System.Net;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>
/// <c>GET /v1/admin/databases/{app}/{database}/activity</c>: an awake database's open interactive transactions with
/// their sessions, a hibernated database answered without waking it, admin keys only, bad names named.
/// </summary>
public sealed class DatabaseActivityEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private static string Route(string database, string app = "alpha") => $"/v1/admin/databases/{app}/{database}/activity";

    [Fact]
    public async Task An_open_transaction_is_listed_with_its_session_and_statements_until_it_commits()
    {
        var silo = await fixture.GetAsync(() => AdminCredentials.Arguments);
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);
        var database = "act_" + Guid.NewGuid().ToString("N")[..8];
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (id INTEGER PRIMARY KEY)")).EnsureOk();
        var id = (await silo.Alpha.PostAsync("transactions", new { database })).EnsureOk().Json.GetProperty("id").GetString()!;
        (await silo.Alpha.PostAsync($"transactions/{id}/exec", new { sql = "INSERT INTO t (id) VALUES (1)" })).EnsureOk();

        var open = (await admin.GetAsync(Route(database))).EnsureOk().Json;
        (await silo.Alpha.PostAsync($"transactions/{id}/commit", new { })).EnsureOk();
        var ended = (await admin.GetAsync(Route(database))).EnsureOk().Json;

        Assert.Equal("active", open.GetProperty("status").GetString());
        var transaction = Assert.Single(open.GetProperty("transactions").EnumerateArray());
        Assert.EndsWith(transaction.GetProperty("id").GetString()!, id, StringComparison.Ordinal);
        Assert.StartsWith("http-", transaction.GetProperty("session_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, transaction.GetProperty("statements").GetInt32());
        Assert.False(transaction.GetProperty("read_only").GetBoolean());
        Assert.Equal(JsonValueKind.Null, transaction.GetProperty("failed").ValueKind);
        Assert.Empty(ended.GetProperty("transactions").EnumerateArray());
    }

    [Fact]
    public async Task A_hibernated_database_is_answered_from_the_catalog_without_waking_it()
    {
        var silo = await fixture.GetAsync(() => AdminCredentials.Arguments);
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);
        var database = "act_" + Guid.NewGuid().ToString("N")[..8];
        (await silo.Alpha.PostAsync("create", new { database, hibernation_timeout_seconds = 1 })).EnsureOk();
        await WaitForStatusAsync(admin, database, "hibernated");

        var activity = (await admin.GetAsync(Route(database))).EnsureOk().Json;
        var after = await StatusAsync(admin, database);

        Assert.Equal("hibernated", activity.GetProperty("status").GetString());
        Assert.Empty(activity.GetProperty("transactions").EnumerateArray());
        Assert.Equal("hibernated", after);
    }

    [Fact]
    public async Task App_keys_get_403_unknown_databases_404_and_bad_names_400()
    {
        var silo = await fixture.GetAsync(() => AdminCredentials.Arguments);
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);

        (await silo.Alpha.GetAsync(Route("orders"))).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
        (await admin.GetAsync(Route("never_created_" + Guid.NewGuid().ToString("N")[..8]))).AssertProblem(HttpStatusCode.NotFound, "database.not_found");
        var detail = (await admin.GetAsync(Route("bad%20name"))).AssertProblem(HttpStatusCode.BadRequest, "database.invalid_name");
        Assert.Contains("bad name", detail, StringComparison.Ordinal);
    }

    private static async Task<string?> StatusAsync(GatewayClient admin, string database)
    {
        var rows = (await admin.GetAsync($"/v1/admin/databases?search=alpha/{database}")).EnsureOk().Json.GetProperty("databases");
        return rows.GetArrayLength() == 1 ? rows[0].GetProperty("status").GetString() : null;
    }

    private static async Task WaitForStatusAsync(GatewayClient admin, string database, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await StatusAsync(admin, database) != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"database {database} did not become {status} within 60 s");
            await Task.Delay(200);
        }
    }
}
