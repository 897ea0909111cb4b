using Microsoft.AspNetCore.Builder;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

/// <summary>
/// A silo in the test process on a free loopback port, with API keys for the apps "alpha", "beta" and (configured by
/// hash) "gamma", a read-only key of "alpha", and JWTs signed with <see cref="JwtSigningKey"/>, issuer <see cref="JwtIssuer"/>, audience <see cref="JwtAudience"/>.
/// </summary>
internal sealed class GatewaySilo : IAsyncDisposable
{
    public const string AlphaKey = "alpha-key-0123456789abcdef";
    public const string BetaKey = "beta-key-0123456789abcdef";
    public const string GammaKey = "gamma-key-0123456789abcdef";
    public const string AlphaReadOnlyKey = "alpha-read-only-key-0123456789";
    public const string JwtSigningKey = "gateway-tests-signing-key-0123456789abcdef";
    public const string JwtIssuer = "dyndb-tests";
    public const string JwtAudience = "dyndb-gateway";

    private readonly TempDirectory _data;
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private GatewaySilo(TempDirectory data, WebApplication app)
    {
        _data = data;
        _app = app;
        _http = new HttpClient { BaseAddress = app.Address(), Timeout = TimeSpan.FromMinutes(3) };
    }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _data.Path;

    /// <summary>The silo's HTTP address.</summary>
    public Uri Address => _http.BaseAddress!;

    /// <summary>The credential arguments every gateway silo of the tests uses.</summary>
    public static IReadOnlyList<string> AuthArguments { get; } =
    [
        "--DynamicDb:Auth:ApiKeys:0:App", "alpha",
        "--DynamicDb:Auth:ApiKeys:0:Key", AlphaKey,
        "--DynamicDb:Auth:ApiKeys:1:App", "beta",
        "--DynamicDb:Auth:ApiKeys:1:Key", BetaKey,
        "--DynamicDb:Auth:ApiKeys:2:App", "gamma",
        "--DynamicDb:Auth:ApiKeys:2:KeySha256", Sha256Hex(GammaKey),
        "--DynamicDb:Auth:ApiKeys:3:App", "alpha",
        "--DynamicDb:Auth:ApiKeys:3:Key", AlphaReadOnlyKey,
        "--DynamicDb:Auth:ApiKeys:3:ReadOnly", "true",
        "--DynamicDb:Auth:Jwt:SigningKey", JwtSigningKey,
        "--DynamicDb:Auth:Jwt:Issuer", JwtIssuer,
        "--DynamicDb:Auth:Jwt:Audience", JwtAudience,
    ];

    /// <summary>Starts a silo with <see cref="AuthArguments"/> plus <paramref name="arguments"/> (engines, limits).</summary>
    public static async Task<GatewaySilo> StartAsync(IEnumerable<string> arguments)
    {
        var data = new TempDirectory();
        var app = InProcessSilo.Build(data.Path, [.. AuthArguments, .. arguments]);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            data.Dispose();
            throw;
        }

        return new GatewaySilo(data, app);
    }

    /// <summary>A client that sends <paramref name="apiKey"/> in X-API-Key (or nothing when null).</summary>
    public GatewayClient WithApiKey(string? apiKey) => new(_http, apiKey is null ? [] : [("X-API-Key", apiKey)]);

    /// <summary>A client that sends <c>Authorization: Bearer {value}</c>.</summary>
    public GatewayClient WithBearer(string value) => new(_http, [("Authorization", $"Bearer {value}")]);

    /// <summary>A client that sends exactly these headers.</summary>
    public GatewayClient WithHeaders(params (string Name, string Value)[] headers) => new(_http, headers);

    public GatewayClient Alpha => WithApiKey(AlphaKey);

    public GatewayClient Beta => WithApiKey(BetaKey);

    /// <summary>A read-only key of the app "alpha" (<c>ReadOnly=true</c>).</summary>
    public GatewayClient AlphaReadOnly => WithApiKey(AlphaReadOnlyKey);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }

    private static string Sha256Hex(string key) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}
