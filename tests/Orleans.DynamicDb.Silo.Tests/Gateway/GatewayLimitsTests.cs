using System.Net;
using System.Text;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>Configured limits: the request body size and the database's query timeout, answered as problems.</summary>
public sealed class GatewayLimitsTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private const string Forever = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) AS n FROM c";

    [Fact]
    public async Task A_streamed_body_over_the_configured_limit_is_a_413_naming_the_setting()
    {
        var silo = await SiloAsync();
        var json = $"{{\"database\":\"limits\",\"sql\":\"SELECT ?\",\"args\":[\"{new string('x', 4096)}\"]}}";

        var streamed = await silo.Alpha.PostStreamAsync("query", Encoding.UTF8.GetBytes(json));
        var small = await silo.Alpha.QueryAsync("limits", "SELECT ? AS v", "fits");

        Assert.Contains("2048 bytes (DynamicDb:Gateway:MaxRequestBodyBytes)", streamed.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large"));
        Assert.Equal("fits", small.EnsureOk().Json.GetProperty("items")[0].GetProperty("v").GetString());
    }

    [Fact]
    public async Task A_statement_running_past_the_query_timeout_is_a_504_sql_timeout_and_the_database_still_answers()
    {
        var silo = await SiloAsync();

        var response = await silo.Alpha.QueryAsync("slow", Forever);
        var after = await silo.Alpha.QueryAsync("slow", "SELECT 1 AS one");

        var detail = response.AssertProblem(HttpStatusCode.GatewayTimeout, "sql.timeout");
        Assert.Contains("QueryTimeout", detail);
        Assert.True(response.Json.GetProperty("transient").GetBoolean());
        after.EnsureOk();
    }

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() =>
    [
        "--DynamicDb:Gateway:MaxRequestBodyBytes", "2048",
        "--DynamicDb:Databases:QueryTimeout", "00:00:00.500",
    ]);
}
