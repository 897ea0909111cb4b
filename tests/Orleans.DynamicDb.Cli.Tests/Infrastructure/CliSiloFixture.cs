using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Infrastructure;

/// <summary>
/// One real silo process for the CLI tests (SQLite engine), with API keys for two apps and an admin key; started once
/// per collection.
/// </summary>
public sealed class CliSiloFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private SiloProcess? _silo;

    /// <summary>The API key of the app <c>cliapp</c>.</summary>
    public string AppKey { get; } = NewKey();

    /// <summary>The API key of the app <c>otherapp</c>.</summary>
    public string OtherAppKey { get; } = NewKey();

    /// <summary>An admin key.</summary>
    public string AdminKey { get; } = NewKey();

    /// <summary>The HS256 key the silo validates JWTs with.</summary>
    public string JwtSigningKey { get; } = NewKey() + NewKey();

    /// <summary>The silo's address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url => (_silo ?? throw new InvalidOperationException("The silo is not started.")).Address.ToString().TrimEnd('/');

    /// <summary>The silo's console output so far (for failure messages).</summary>
    public string Output => _silo?.Output ?? "";

    /// <summary>A runner whose environment points at this silo with the app key and the admin key.</summary>
    public CliRunner Runner() => new CliRunner()
        .WithVariable("DYNDB_URL", Url)
        .WithVariable("DYNDB_KEY", AppKey)
        .WithVariable("DYNDB_ADMIN_KEY", AdminKey);

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(
            _data.Path,
            "--Logging:LogLevel:Default", "Warning",
            "--DynamicDb:Auth:ApiKeys:0:App", "cliapp",
            "--DynamicDb:Auth:ApiKeys:0:Key", AppKey,
            "--DynamicDb:Auth:ApiKeys:1:App", "otherapp",
            "--DynamicDb:Auth:ApiKeys:1:Key", OtherAppKey,
            "--DynamicDb:Auth:AdminKeys:0:Key", AdminKey,
            "--DynamicDb:Auth:AdminKeys:0:Name", "cli-tests",
            "--DynamicDb:Auth:Jwt:SigningKey", JwtSigningKey);
        await _silo.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>An HS256 JWT for <paramref name="app"/>, valid for ten minutes.</summary>
    public string Jwt(string app)
    {
        var header = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        var expires = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{{\"app\":\"{app}\",\"exp\":{expires}}}"));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(JwtSigningKey), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
