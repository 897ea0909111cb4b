using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>The app always comes from the credential: two apps never see or touch each other's databases.</summary>
public sealed class AppIsolationTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    [Fact]
    public async Task Two_apps_using_the_same_database_name_get_two_separate_databases()
    {
        var silo = await fixture.GetAsync(() => []);
        var database = TestDatabases.New();
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE secrets (value TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, "INSERT INTO secrets (value) VALUES ('alpha only')")).EnsureOk();

        var betaList = await ListAsync(silo.Beta);
        var betaStatus = await silo.Beta.GetAsync($"status?database={database}");
        var betaDrop = await silo.Beta.PostAsync("drop", new { database, confirm = database });
        var betaSchema = (await silo.Beta.GetAsync($"schema?database={database}")).EnsureOk().Json;
        var betaQuery = await silo.Beta.QueryAsync(database, "SELECT value FROM secrets");
        var betaDropTable = await silo.Beta.PostAsync("drop-table", new { database, table_name = "secrets" });

        Assert.DoesNotContain(database, betaList);
        betaStatus.AssertProblem(HttpStatusCode.NotFound, "database.not_found");
        betaDrop.AssertProblem(HttpStatusCode.NotFound, "database.not_found");
        Assert.Empty(betaSchema.GetProperty("tables").EnumerateArray());
        Assert.Contains("secrets", betaQuery.AssertProblem(HttpStatusCode.BadRequest, "sql.error"));
        betaDropTable.AssertProblem(HttpStatusCode.BadRequest, "sql.error");
        var rows = await silo.Alpha.RowsAsync(database, "SELECT value FROM secrets");
        Assert.Equal("alpha only", Assert.Single(rows).GetProperty("value").GetString());
        Assert.Contains(database, await ListAsync(silo.Alpha));
    }

    [Fact]
    public async Task An_app_field_in_the_body_is_ignored()
    {
        var silo = await fixture.GetAsync(() => []);
        var database = TestDatabases.New();

        (await silo.Alpha.PostAsync("exec", new { app = "beta", database, sql = "CREATE TABLE t (x INTEGER)" })).EnsureOk();
        (await silo.Alpha.PostAsync("exec", new { app = "beta", database, sql = "INSERT INTO t (x) VALUES (1)" })).EnsureOk();

        Assert.Contains(database, await ListAsync(silo.Alpha));
        Assert.DoesNotContain(database, await ListAsync(silo.Beta));
        Assert.Single(await silo.Alpha.RowsAsync(database, "SELECT x FROM t"));
    }

    private static async Task<IReadOnlyList<string>> ListAsync(GatewayClient client) =>
        [.. (await client.GetAsync("list")).EnsureOk().Json.GetProperty("databases").EnumerateArray().Select(d => d.GetString()!)];
}
