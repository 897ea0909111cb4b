using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>
/// <c>GET /v1/admin/audit</c> on an in-process silo (catalog: the embedded SQLite file): admin keys only, bad query
/// input named, rows paged by <c>since</c>, and the chain's verification finding a row edited in the catalog file.
/// Failovers leaving rows with the admin key's id are in <c>Engines/HaManualFailoverTests</c> and <c>HaEngineProcessTests</c>.
/// </summary>
public sealed class AuditEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private const string Route = "/v1/admin/audit";

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => AdminCredentials.Arguments);

    [Fact]
    public async Task App_keys_and_JWTs_get_403_and_no_credential_401()
    {
        var silo = await SiloAsync();

        foreach (var client in new[] { silo.Alpha, silo.WithBearer(TestTokens.Create("alpha")) })
        {
            Assert.Contains("admin key (DynamicDb:Auth:AdminKeys)", (await client.GetAsync(Route)).AssertProblem(HttpStatusCode.Forbidden, "auth.denied"));
        }

        (await silo.WithApiKey(null).GetAsync(Route)).AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
    }

    [Theory]
    [InlineData("since=abc", "'since'", "'abc'")]
    [InlineData("since=-1", "'since'", "'-1'")]
    [InlineData("since=1&since=2", "'since'", "2 times")]
    [InlineData("limit=0", "'limit'", "from 1 to 1000")]
    [InlineData("limit=1001", "'limit'", "'1001'")]
    [InlineData("limit=ten", "'limit'", "'ten'")]
    [InlineData("action=", "'action'", "1 to 200 characters")]
    public async Task Bad_query_input_is_a_400_naming_the_parameter(string query, string parameter, string value)
    {
        var admin = (await SiloAsync()).WithApiKey(AdminCredentials.AdminKey);

        var detail = (await admin.GetAsync($"{Route}?{query}")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains(parameter, detail);
        Assert.Contains(value, detail);
    }

    [Fact]
    public async Task Rows_are_paged_by_since_and_an_edit_in_the_catalog_file_is_reported_at_its_seq()
    {
        await using var silo = await GatewaySilo.StartAsync(AdminCredentials.Arguments);
        var admin = silo.WithApiKey(AdminCredentials.AdminKey);
        var audit = silo.Services.GetRequiredService<IAuditLog>();
        for (var i = 1; i <= 5; i++)
        {
            await audit.AppendAsync(new AuditEntry("admin:ops", AuditActions.PolicyChanged, $"policy-{i}", AuditResults.Ok, new Dictionary<string, string> { ["n"] = $"{i}" }));
        }

        var first = (await admin.GetAsync($"{Route}?limit=2")).EnsureOk().Json;
        var rest = (await admin.GetAsync($"{Route}?since={first.GetProperty("next").GetString()}")).EnsureOk().Json;

        Assert.Equal([1L, 2L], first.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()));
        Assert.Equal([3L, 4L, 5L], rest.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()));
        var row = rest.GetProperty("rows")[0];
        Assert.Equal(("admin:ops", "policy.changed", "policy-3", "ok", "3"), (row.GetProperty("actor").GetString(), row.GetProperty("action").GetString(),
            row.GetProperty("target").GetString(), row.GetProperty("result").GetString(), row.GetProperty("details").GetProperty("n").GetString()));
        Assert.Equal(first.GetProperty("rows")[1].GetProperty("hash").GetString(), row.GetProperty("prev_hash").GetString());
        var chain = rest.GetProperty("chain");
        Assert.True(chain.GetProperty("intact").GetBoolean());
        Assert.Equal(5, chain.GetProperty("rows_checked").GetInt64());

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(silo.DataDirectory, "silo", "catalog.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE dyndb_audit SET details = '{\"n\":\"33\"}' WHERE seq = 3";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var broken = (await admin.GetAsync($"{Route}?since=4")).EnsureOk().Json.GetProperty("chain");
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(3, broken.GetProperty("broken_at").GetInt64());
        Assert.Equal("hash mismatch", broken.GetProperty("reason").GetString());
    }
}
