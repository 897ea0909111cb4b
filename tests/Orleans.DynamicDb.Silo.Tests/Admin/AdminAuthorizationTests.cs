using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>Only admin keys open the admin API, over real HTTP on an in-process silo; admin keys open nothing else.</summary>
public sealed class AdminAuthorizationTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    public static TheoryData<string, string> Routes => AdminCredentials.Routes;

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => AdminCredentials.Arguments);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task App_keys_and_JWTs_get_403_on_every_admin_route_naming_the_admin_keys_setting(string method, string path)
    {
        var silo = await SiloAsync();
        GatewayClient[] appCredentials =
        [
            silo.Alpha, // a plain app key
            silo.WithApiKey(GatewaySilo.GammaKey), // an app key configured by hash
            silo.WithBearer(GatewaySilo.BetaKey), // an app key as bearer
            silo.WithBearer(TestTokens.Create("alpha")), // a JWT
        ];

        foreach (var client in appCredentials)
        {
            var detail = (await client.CallAsync(method, path)).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");

            Assert.Contains("admin key (DynamicDb:Auth:AdminKeys)", detail);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_credential_or_with_an_unknown_key_every_admin_route_answers_401(string method, string path)
    {
        var silo = await SiloAsync();

        var anonymous = await silo.WithApiKey(null).CallAsync(method, path);
        var unknown = await silo.WithApiKey("not-a-key-0123456789abcdef").CallAsync(method, path);

        Assert.Contains("No credential", anonymous.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
        Assert.Contains("not valid", unknown.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Fact]
    public async Task An_admin_key_in_either_header_or_by_hash_passes_and_an_unknown_engine_is_a_404_naming_the_known_ones()
    {
        var silo = await SiloAsync();
        GatewayClient[] admins =
        [
            silo.WithApiKey(AdminCredentials.AdminKey),
            silo.WithBearer(AdminCredentials.AdminKey),
            silo.WithApiKey(AdminCredentials.HashedAdminKey),
        ];

        foreach (var admin in admins)
        {
            var get = (await admin.GetAsync("/v1/engines/nope")).AssertProblem(HttpStatusCode.NotFound, "engine.unknown");
            var probe = (await admin.PostRawAsync("/v1/engines/nope/probe", "{}")).AssertProblem(HttpStatusCode.NotFound, "engine.unknown");

            Assert.Contains("'nope'", get);
            Assert.Contains("'sqlite'", get);
            Assert.Contains("'nope'", probe);
        }
    }

    [Theory]
    [InlineData("POST", "/v1/database/exec")]
    [InlineData("GET", "/v1/database/list")]
    [InlineData("GET", "/v1/database/status?database=users")]
    public async Task An_admin_key_gets_403_on_the_database_endpoints_saying_admin_keys_are_for_the_engines(string method, string path)
    {
        var silo = await SiloAsync();

        var answer = method == "POST"
            ? await silo.WithApiKey(AdminCredentials.AdminKey).PostAsync(path, new { database = "users", sql = "SELECT 1" })
            : await silo.WithApiKey(AdminCredentials.AdminKey).GetAsync(path);

        var detail = answer.AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
        Assert.Contains("Admin keys act for no application", detail);
        Assert.Contains("/v1/engines", detail);
    }

    [Theory]
    [InlineData("since=x", "'since'", "'x'")]
    [InlineData("since=sqlite", "'since'", "'sqlite'")]
    [InlineData("since=sqlite:-1", "'since'", "'sqlite:-1'")]
    [InlineData("since=SQLite:1", "'since'", "'SQLite:1'")]
    [InlineData("since=sqlite:1,sqlite:2", "'since'", "twice")]
    [InlineData("since=0&since=0", "'since'", "2 times")]
    [InlineData("limit=0", "'limit'", "'0'")]
    [InlineData("limit=1001", "'limit'", "'1001'")]
    [InlineData("limit=ten", "'limit'", "'ten'")]
    [InlineData("limit=-5", "'limit'", "'-5'")]
    [InlineData("limit=", "'limit'", "''")]
    public async Task A_bad_since_or_limit_is_a_400_naming_the_parameter_and_its_value(string query, string parameter, string value)
    {
        var silo = await SiloAsync();

        var detail = (await silo.WithApiKey(AdminCredentials.AdminKey).GetAsync($"/v1/engines/events?{query}"))
            .AssertProblem(HttpStatusCode.BadRequest, "request.invalid");

        Assert.Contains($"query parameter {parameter}", detail);
        Assert.Contains(value, detail);
    }
}
