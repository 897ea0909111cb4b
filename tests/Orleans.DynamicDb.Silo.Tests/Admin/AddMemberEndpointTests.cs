using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>
/// <c>POST /v1/engines</c> refusals on an in-process silo without a replication group (embedded SQLite only): app keys,
/// missing or malformed bodies, unknown fields, bad weights, unknown groups and engines that are no group. Adding a member
/// to a real group is in <c>Engines/HaMemberTests</c>.
/// </summary>
public sealed class AddMemberEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private async Task<GatewayClient> AdminAsync() => (await fixture.GetAsync(() => AdminCredentials.Arguments)).WithApiKey(AdminCredentials.AdminKey);

    [Fact]
    public async Task App_keys_get_403_on_adding_a_member()
    {
        var silo = await fixture.GetAsync(() => AdminCredentials.Arguments);

        var detail = (await silo.Alpha.PostRawAsync("/v1/engines", "{\"group\":\"sqlite\"}")).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");

        Assert.Contains("admin key (DynamicDb:Auth:AdminKeys)", detail);
    }

    [Theory]
    [InlineData("", "the body is empty; 'group' is required")]
    [InlineData("  \n", "the body is empty; 'group' is required")]
    [InlineData("[1]", "the body is a JSON array, not an object")]
    [InlineData("{\"group\":", "The body must be a JSON object like {\"group\": \"pg-ha\", \"weight\": 2.0}")]
    [InlineData("{}", "'group' is required: the id of the postgres-ha engine to add a member to")]
    [InlineData("{\"group\": 5}", "'group' must be the id of a postgres-ha engine (a non-empty string), not 5")]
    [InlineData("{\"group\": \"\"}", "'group' must be the id of a postgres-ha engine (a non-empty string), not \"\"")]
    [InlineData("{\"group\": \"sqlite\", \"colour\": \"red\"}", "'colour' is not a field of an add-member request (only 'group' and 'weight' are)")]
    [InlineData("{\"group\": \"sqlite\", \"weight\": -1}", "'weight' must be a number between 0 and 1000, not -1")]
    [InlineData("{\"group\": \"sqlite\", \"weight\": 1001}", "'weight' must be a number between 0 and 1000, not 1001")]
    [InlineData("{\"group\": \"sqlite\", \"weight\": \"2\"}", "'weight' must be a number between 0 and 1000, not \"2\"")]
    public async Task A_bad_body_is_a_400_naming_the_problem(string body, string expected)
    {
        var admin = await AdminAsync();

        var detail = (await admin.PostRawAsync("/v1/engines", body)).AssertProblem(HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains(expected, detail);
    }

    [Fact]
    public async Task An_unknown_group_is_a_404_naming_the_field_and_the_configured_engines()
    {
        var admin = await AdminAsync();

        var detail = (await admin.PostRawAsync("/v1/engines", "{\"group\": \"nope\", \"weight\": 2.0}")).AssertProblem(HttpStatusCode.NotFound, "engine.unknown");

        Assert.Contains("No replication group has the id 'nope' (field 'group')", detail);
        Assert.Contains("'sqlite' (sqlite)", detail);
    }

    [Fact]
    public async Task An_engine_that_is_no_replication_group_is_a_409_naming_its_kind()
    {
        var admin = await AdminAsync();

        var detail = (await admin.PostRawAsync("/v1/engines", "{\"group\": \"sqlite\", \"weight\": 2.0}")).AssertProblem(HttpStatusCode.Conflict, "engine.not_replicated");

        Assert.Contains("'sqlite' (field 'group') is of kind 'sqlite'", detail);
        Assert.Contains("postgres-ha", detail);
    }
}
