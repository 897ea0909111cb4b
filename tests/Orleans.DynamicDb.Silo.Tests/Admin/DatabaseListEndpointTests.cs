using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>
/// <c>GET /v1/admin/databases</c> on an in-process silo whose catalog file holds 10,000 databases: pages in key order
/// without gaps, a search, nothing woken, admin keys only, bad query input named.
/// </summary>
public sealed class DatabaseListEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private const string Route = "/v1/admin/databases";

    [Fact]
    public async Task Ten_thousand_databases_are_paged_and_searched_from_the_catalog_without_waking_any()
    {
        await using var silo = await GatewaySilo.StartAsync(AdminCredentials.Arguments);
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);
        (await silo.Alpha.PostAsync("/v1/database/create", new { database = "orders" })).EnsureOk();
        await LoadAsync(Path.Combine(silo.DataDirectory, "silo", "catalog.db"), 10_000);

        var keys = new List<string>();
        var woken = 0;
        string? after = null;
        do
        {
            var page = (await admin.GetAsync($"{Route}?limit=500{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}")).EnsureOk().Json;
            foreach (var row in page.GetProperty("databases").EnumerateArray())
            {
                keys.Add(row.GetProperty("app").GetString() + "/" + row.GetProperty("database").GetString());
                woken += row.GetProperty("app").GetString() == "bulk" && row.GetProperty("woke_at").ValueKind != JsonValueKind.Null ? 1 : 0;
            }

            after = page.GetProperty("next").GetString();
        }
        while (after is not null);
        var search = (await admin.GetAsync($"{Route}?search=BULK/DB0999")).EnsureOk().Json.GetProperty("databases");
        var created = (await admin.GetAsync($"{Route}?search=alpha/orders")).EnsureOk().Json.GetProperty("databases")[0];

        Assert.Equal(10_001, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(0, woken);
        Assert.Equal(10, search.GetArrayLength());
        Assert.All(search.EnumerateArray(), r => Assert.Equal("hibernated", r.GetProperty("status").GetString()));
        Assert.Equal("sqlite", created.GetProperty("engine").GetString());
        Assert.NotEqual(JsonValueKind.Null, created.GetProperty("created_at").ValueKind);
    }

    [Fact]
    public async Task App_keys_get_403()
    {
        var silo = await fixture.GetAsync(() => AdminCredentials.Arguments);

        (await silo.Alpha.GetAsync(Route)).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
    }

    [Theory]
    [InlineData("limit=0", "'limit'", "'0'")]
    [InlineData("limit=501", "'limit'", "from 1 to 500")]
    [InlineData("status=sleeping", "'status'", "'sleeping'")]
    [InlineData("search=a&search=b", "'search'", "2 times")]
    public async Task Bad_query_input_is_a_400_naming_the_parameter(string query, string parameter, string value)
    {
        var admin = (await fixture.GetAsync(() => AdminCredentials.Arguments)).WithApiKey(AdminCredentials.AdminKey);

        var detail = (await admin.GetAsync($"{Route}?{query}")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains(parameter, detail, StringComparison.Ordinal);
        Assert.Contains(value, detail, StringComparison.Ordinal);
    }

    /// <summary>Adds <paramref name="count"/> hibernated databases of the app "bulk" to the silo's catalog file in one transaction.</summary>
    private static async Task LoadAsync(string catalogFile, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={catalogFile};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO dyndb_databases (app, database_name, engine, status, created_at_ms, last_activity_ms) VALUES ('bulk', $db, 'sqlite', 'hibernated', 1800000000000, 1800000000000)";
        var name = command.Parameters.Add("$db", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            name.Value = $"db{i:D5}";
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
