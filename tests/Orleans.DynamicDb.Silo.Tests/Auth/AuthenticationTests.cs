using System.Net;
using Orleans.DynamicDb.Silo.Health;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>Who may call the gateway, over real HTTP: API keys in either header, JWTs, and nothing else.</summary>
public sealed class AuthenticationTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "exec" },
        { "POST", "query" },
        { "POST", "transaction" },
        { "GET", "schema?database=x" },
        { "POST", "schema" },
        { "POST", "create-table" },
        { "POST", "drop-table" },
        { "GET", "list" },
        { "POST", "create" },
        { "GET", "status?database=x" },
        { "POST", "drop" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_401_with_a_problem_without_a_credential(string method, string endpoint)
    {
        var anonymous = (await SiloAsync()).WithApiKey(null);

        var response = method == "GET"
            ? await anonymous.GetAsync(endpoint)
            : await anonymous.PostAsync(endpoint, new { database = "x", sql = "SELECT 1", confirm = "x" });

        Assert.Contains("X-API-Key", response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Health_endpoints_need_no_credential()
    {
        var anonymous = (await SiloAsync()).WithApiKey(null);

        var live = await anonymous.GetAsync(HealthEndpoints.LivePath);
        var ready = await anonymous.GetAsync(HealthEndpoints.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
    }

    [Theory]
    [InlineData("not-a-key-of-this-silo")]
    [InlineData("alpha-key-0123456789abcdeF")]
    [InlineData("alpha-key-0123456789abcdef0")]
    public async Task A_wrong_API_key_is_a_401(string key)
    {
        var silo = await SiloAsync();

        var byHeader = await silo.WithApiKey(key).GetAsync("list");
        var byBearer = await silo.WithBearer(key).GetAsync("list");

        Assert.Equal("The API key is not valid.", byHeader.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
        byBearer.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
    }

    [Fact]
    public async Task An_API_key_is_accepted_in_X_API_Key_and_as_a_bearer_value_and_acts_for_its_app()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New();
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (x INTEGER)")).EnsureOk();

        var byHeader = await ListAsync(silo.Alpha);
        var byBearer = await ListAsync(silo.WithBearer(GatewaySilo.AlphaKey));

        Assert.Contains(database, byHeader);
        Assert.Contains(database, byBearer);
    }

    [Fact]
    public async Task A_key_configured_by_its_SHA_256_hash_is_accepted()
    {
        var silo = await SiloAsync();
        var gamma = silo.WithApiKey(GatewaySilo.GammaKey);
        var database = TestDatabases.New();

        (await gamma.ExecAsync(database, "CREATE TABLE t (x INTEGER)")).EnsureOk();

        Assert.Contains(database, await ListAsync(gamma));
        Assert.DoesNotContain(database, await ListAsync(silo.Alpha));
    }

    [Fact]
    public async Task A_valid_JWT_acts_for_the_app_in_its_claim()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New();
        (await silo.Beta.ExecAsync(database, "CREATE TABLE t (x INTEGER)")).EnsureOk();

        var databases = await ListAsync(silo.WithBearer(TestTokens.Create("beta")));

        Assert.Contains(database, databases);
    }

    [Fact]
    public async Task An_expired_JWT_is_a_401_that_says_so()
    {
        var silo = await SiloAsync();
        var token = TestTokens.Create("alpha", notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1));

        var response = await silo.WithBearer(token).GetAsync("list");

        Assert.Contains("expired", response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Fact]
    public async Task A_JWT_with_a_wrong_signature_is_a_401_that_says_so()
    {
        var silo = await SiloAsync();
        var token = TestTokens.Create("alpha", signingKey: "another-signing-key-0123456789abcdef-xyz");

        var response = await silo.WithBearer(token).GetAsync("list");

        Assert.Contains("signature", response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Fact]
    public async Task A_JWT_with_the_signature_cut_off_is_a_401()
    {
        var silo = await SiloAsync();
        var token = TestTokens.Create("alpha");
        var unsigned = token[..(token.LastIndexOf('.') + 1)] + "AAAA";

        var response = await silo.WithBearer(unsigned).GetAsync("list");

        response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJhcHAiOiJhbHBoYSJ9.x")]
    [InlineData("!!!.???.###")]
    public async Task A_malformed_or_unsigned_JWT_is_a_401(string token)
    {
        var silo = await SiloAsync();

        var response = await silo.WithBearer(token).GetAsync("list");

        response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
    }

    [Theory]
    [InlineData(null, GatewaySilo.JwtIssuer, "'app' claim")]
    [InlineData("Not_An_App", GatewaySilo.JwtIssuer, "not a valid application name")]
    [InlineData("alpha", "someone-else", "issuer")]
    public async Task A_JWT_without_a_valid_app_or_from_another_issuer_is_a_401(string? app, string issuer, string expected)
    {
        var silo = await SiloAsync();
        var token = TestTokens.Create(app, issuer: issuer);

        var response = await silo.WithBearer(token).GetAsync("list");

        Assert.Contains(expected, response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Fact]
    public async Task An_Authorization_header_that_is_not_a_bearer_value_is_a_401()
    {
        var silo = await SiloAsync();
        var client = silo.WithHeaders(("Authorization", "Basic YWxwaGE6a2V5"));

        var response = await client.GetAsync("list");

        Assert.Contains("Bearer", response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => []);

    private static async Task<IReadOnlyList<string>> ListAsync(GatewayClient client) =>
        [.. (await client.GetAsync("list")).EnsureOk().Json.GetProperty("databases").EnumerateArray().Select(d => d.GetString()!)];
}
