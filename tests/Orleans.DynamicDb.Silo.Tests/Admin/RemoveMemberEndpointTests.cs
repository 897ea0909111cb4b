using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>
/// <c>DELETE /v1/engines/groups/{group}/members/{member}</c> refusals on an in-process silo without a replication group:
/// app keys, unknown groups and engines that are no group. Removing members of a real group is in <c>Engines/HaRemoveMemberTests</c>.
/// </summary>
public sealed class RemoveMemberEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private async Task<GatewayClient> AdminAsync() => (await fixture.GetAsync(() => AdminCredentials.Arguments)).WithApiKey(AdminCredentials.AdminKey);

    [Fact]
    public async Task App_keys_get_403_on_removing_a_member()
    {
        var silo = await fixture.GetAsync(() => AdminCredentials.Arguments);

        (await silo.Alpha.DeleteAsync("/v1/engines/groups/sqlite/members/m1")).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
    }

    [Fact]
    public async Task An_unknown_group_is_a_404_naming_it_and_the_configured_engines()
    {
        var admin = await AdminAsync();

        var detail = (await admin.DeleteAsync("/v1/engines/groups/nope/members/m1")).AssertProblem(HttpStatusCode.NotFound, "engine.unknown");

        Assert.Contains("No replication group has the id 'nope'", detail);
        Assert.Contains("'sqlite' (sqlite)", detail);
    }

    [Fact]
    public async Task An_engine_that_is_no_replication_group_is_a_409_naming_its_kind()
    {
        var admin = await AdminAsync();

        var detail = (await admin.DeleteAsync("/v1/engines/groups/sqlite/members/m1")).AssertProblem(HttpStatusCode.Conflict, "engine.not_replicated");

        Assert.Contains("The engine 'sqlite' is of kind 'sqlite'; members can be removed only from postgres-ha engines.", detail);
    }
}
