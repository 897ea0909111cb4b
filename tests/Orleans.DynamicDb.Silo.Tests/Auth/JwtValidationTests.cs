using System.Net;
using Microsoft.IdentityModel.Tokens;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>
/// The JWT rules of the gateway, over real HTTP against the real authentication with a clock the test moves: HS256
/// with the configured key only, a required expiry checked on the injected clock, a valid <c>app</c>, the configured
/// issuer and audience, and refusals that never repeat the token.
/// </summary>
public sealed class JwtValidationTests
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_valid_token_acts_for_its_app_as_a_JWT_caller()
    {
        await using var host = await AuthHost.StartAsync();

        var whoami = (await host.WithBearer(TestTokens.Create("beta", now: host.Now)).GetAsync("whoami")).EnsureOk().Json;

        Assert.Equal("beta", whoami.GetProperty("app").GetString());
        Assert.Equal("jwt", whoami.GetProperty("credential").GetString());
    }

    [Fact]
    public async Task The_bearer_prefix_may_be_in_any_case_and_the_X_API_Key_header_wins_over_a_token()
    {
        await using var host = await AuthHost.StartAsync();
        var token = TestTokens.Create("beta", now: host.Now);

        var lowercase = (await host.WithHeaders(("Authorization", $"bearer {token}")).GetAsync("whoami")).EnsureOk().Json;
        var both = (await host.WithHeaders(("X-API-Key", GatewaySilo.AlphaKey), ("Authorization", $"Bearer {token}")).GetAsync("whoami")).EnsureOk().Json;

        Assert.Equal("beta", lowercase.GetProperty("app").GetString());
        Assert.Equal("alpha", both.GetProperty("app").GetString());
        Assert.Equal("api_key", both.GetProperty("credential").GetString());
    }

    [Fact]
    public async Task A_token_naming_a_key_id_is_checked_against_the_configured_key()
    {
        await using var host = await AuthHost.StartAsync();
        var good = TestTokens.Create("alpha", keyId: "issuer-key-1", now: host.Now);
        var forged = TestTokens.Create("alpha", keyId: "issuer-key-1", signingKey: "another-signing-key-0123456789abcdef-xyz", now: host.Now);

        var accepted = await host.WithBearer(good).GetAsync("whoami");
        var refused = await host.WithBearer(forged).GetAsync("whoami");

        Assert.Equal("alpha", accepted.EnsureOk().Json.GetProperty("app").GetString());
        Assert.Contains("signature", refused.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha384)]
    [InlineData(SecurityAlgorithms.HmacSha512)]
    public async Task A_token_signed_with_the_right_key_but_another_HMAC_algorithm_is_refused(string algorithm)
    {
        var key = GatewaySilo.JwtSigningKey + GatewaySilo.JwtSigningKey;
        await using var sameKeyHost = await AuthHost.StartAsync(WithSigningKey(key));
        var token = TestTokens.Create("alpha", signingKey: key, algorithm: algorithm, now: sameKeyHost.Now);

        var response = await sameKeyHost.WithBearer(token).GetAsync("whoami");

        Assert.Equal("The token's signature is invalid: it was not signed with the configured HS256 key.", response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
        (await sameKeyHost.WithBearer(TestTokens.Create("alpha", signingKey: key, now: sameKeyHost.Now)).GetAsync("whoami")).EnsureOk();
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2lnbmF0dXJl")]
    public async Task An_unsecured_token_with_alg_none_is_refused(string signature)
    {
        await using var host = await AuthHost.StartAsync();
        var token = TestTokens.Unsigned("alpha", host.Now.AddMinutes(10), signature);

        var response = await host.WithBearer(token).GetAsync("whoami");

        response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
        Assert.DoesNotContain(token, response.Body);
    }

    [Fact]
    public async Task A_token_is_refused_once_the_injected_clock_passes_its_expiry_plus_the_clock_skew()
    {
        await using var host = await AuthHost.StartAsync();
        var expires = host.Now.AddMinutes(10);
        var client = host.WithBearer(TestTokens.Create("alpha", expires: expires, now: host.Now));
        (await client.GetAsync("whoami")).EnsureOk();

        host.Clock.Advance(TimeSpan.FromMinutes(10) + ClockSkew - TimeSpan.FromSeconds(1));
        (await client.GetAsync("whoami")).EnsureOk();
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        var refused = await client.GetAsync("whoami");

        var expiry = DateTimeOffset.FromUnixTimeSeconds(new DateTimeOffset(expires).ToUnixTimeSeconds()).UtcDateTime;
        Assert.Equal($"The token expired at {expiry:O}: get a new one.", refused.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Fact]
    public async Task A_token_whose_nbf_is_ahead_of_the_injected_clock_is_refused_until_the_clock_reaches_it()
    {
        await using var host = await AuthHost.StartAsync();
        var client = host.WithBearer(TestTokens.Create("alpha", notBefore: host.Now.AddMinutes(5), expires: host.Now.AddMinutes(20), now: host.Now));

        var early = await client.GetAsync("whoami");
        host.Clock.Advance(TimeSpan.FromMinutes(5) - ClockSkew);

        Assert.Contains("not valid before", early.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
        (await client.GetAsync("whoami")).EnsureOk();
    }

    [Fact]
    public async Task A_token_without_an_expiry_is_refused()
    {
        await using var host = await AuthHost.StartAsync();

        var response = await host.WithBearer(TestTokens.Create("alpha", withExpiry: false, now: host.Now)).GetAsync("whoami");

        Assert.Equal("The token has no expiry ('exp' claim): gateway tokens must expire.", response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Theory]
    [InlineData(null, "The token has no 'app' claim naming the application it acts for.")]
    [InlineData("", "The token has no 'app' claim naming the application it acts for.")]
    [InlineData("Not_An_App", "The token's 'app' claim is not a valid application name.")]
    [InlineData("a-b", "The token's 'app' claim is not a valid application name.")]
    public async Task A_token_without_a_valid_app_claim_is_refused(string? app, string expected)
    {
        await using var host = await AuthHost.StartAsync();

        var response = await host.WithBearer(TestTokens.Create(app, now: host.Now)).GetAsync("whoami");

        Assert.StartsWith(expected, response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Theory]
    [InlineData("someone-else", GatewaySilo.JwtAudience, "The token's issuer ('iss') is not the accepted one.")]
    [InlineData(null, GatewaySilo.JwtAudience, "The token's issuer ('iss') is not the accepted one.")]
    [InlineData(GatewaySilo.JwtIssuer, "another-service", "The token's audience ('aud') is not the accepted one.")]
    [InlineData(GatewaySilo.JwtIssuer, null, "The token's audience ('aud') is not the accepted one.")]
    public async Task A_token_from_another_issuer_or_for_another_audience_is_refused(string? issuer, string? audience, string expected)
    {
        await using var host = await AuthHost.StartAsync();

        var response = await host.WithBearer(TestTokens.Create("alpha", issuer: issuer, audience: audience, now: host.Now)).GetAsync("whoami");

        Assert.Equal(expected, response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
    }

    [Fact]
    public async Task A_token_is_refused_when_no_signing_key_is_configured_and_API_keys_still_work()
    {
        await using var host = await AuthHost.StartAsync(["--DynamicDb:Auth:ApiKeys:0:App", "alpha", "--DynamicDb:Auth:ApiKeys:0:Key", GatewaySilo.AlphaKey]);

        var jwt = await host.WithBearer(TestTokens.Create("alpha", now: host.Now)).GetAsync("whoami");
        var key = await host.WithBearer(GatewaySilo.AlphaKey).GetAsync("whoami");

        Assert.StartsWith("JWTs are not accepted: DynamicDb:Auth:Jwt:SigningKey is not configured.", jwt.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied"));
        Assert.Equal("alpha", key.EnsureOk().Json.GetProperty("app").GetString());
    }

    [Fact]
    public async Task A_refused_token_is_never_repeated_in_the_answer()
    {
        await using var host = await AuthHost.StartAsync();
        string[] tokens =
        [
            TestTokens.Create("alpha", signingKey: "another-signing-key-0123456789abcdef-xyz", now: host.Now),
            TestTokens.Create("alpha", expires: host.Now.AddMinutes(-5), notBefore: host.Now.AddMinutes(-10), now: host.Now),
            TestTokens.Create("Not_An_App", now: host.Now),
            TestTokens.Create(null, now: host.Now),
            TestTokens.Create("alpha", issuer: "someone-else", now: host.Now),
            TestTokens.Create("alpha", withExpiry: false, now: host.Now),
            "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
        ];

        foreach (var token in tokens)
        {
            var response = await host.WithBearer(token).GetAsync("whoami");

            response.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
            foreach (var part in token.Split('.').Append(token))
            {
                Assert.DoesNotContain(part, response.Body, StringComparison.Ordinal);
                Assert.DoesNotContain(response.Headers, h => h.Value.Any(v => v.Contains(part, StringComparison.Ordinal)));
            }
        }
    }

    private static string[] WithSigningKey(string key) =>
    [
        "--DynamicDb:Auth:Jwt:SigningKey", key,
        "--DynamicDb:Auth:Jwt:Issuer", GatewaySilo.JwtIssuer,
        "--DynamicDb:Auth:Jwt:Audience", GatewaySilo.JwtAudience,
    ];
}
