using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>
/// <c>POST /v1/engines/groups/{group}/failover</c> refusals on an in-process silo without a replication group (embedded
/// SQLite only): app keys, unknown groups, engines that are no group, bad bodies. Failing over a real group is in
/// <c>Engines/HaManualFailoverTests</c>.
/// </summary>
public sealed class FailoverEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => AdminCredentials.Arguments);

    [Fact]
    public async Task App_keys_get_403_on_the_failover_route()
    {
        var silo = await SiloAsync();

        var detail = (await silo.Alpha.PostRawAsync("/v1/engines/groups/sqlite/failover", "{}")).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");

        Assert.Contains("admin key (DynamicDb:Auth:AdminKeys)", detail);
    }

    [Fact]
    public async Task An_unknown_group_is_a_404_naming_the_configured_engines()
    {
        var admin = (await SiloAsync()).WithApiKey(AdminCredentials.AdminKey);

        var detail = (await admin.PostRawAsync("/v1/engines/groups/nope/failover", "{}")).AssertProblem(HttpStatusCode.NotFound, "engine.unknown");

        Assert.Contains("'nope'", detail);
        Assert.Contains("'sqlite' (sqlite)", detail);
    }

    [Fact]
    public async Task An_engine_that_is_no_replication_group_is_a_409_naming_its_kind()
    {
        var admin = (await SiloAsync()).WithApiKey(AdminCredentials.AdminKey);

        var detail = (await admin.PostRawAsync("/v1/engines/groups/sqlite/failover", "{\"target\":\"m1\"}")).AssertProblem(HttpStatusCode.Conflict, "engine.not_replicated");

        Assert.Contains("'sqlite' is of kind 'sqlite'", detail);
        Assert.Contains("postgres-ha", detail);
    }
}
