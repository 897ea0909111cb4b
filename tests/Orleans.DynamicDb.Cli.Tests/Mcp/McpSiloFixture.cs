using System.Security.Cryptography;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

/// <summary>
/// One real silo process for the MCP tests with two SQLite engines (<c>sqlite</c>, the default, and <c>archive</c>) so a
/// database can be switched, API keys for the apps <c>mcpapp</c> and <c>otherapp</c>, and an admin key.
/// </summary>
public sealed class McpSiloFixture : IAsyncLifetime
{
    public const string App = "mcpapp";

    private readonly TempDirectory _data = new();
    private SiloProcess? _silo;

    public string AppKey { get; } = NewKey();

    public string OtherAppKey { get; } = NewKey();

    public string AdminKey { get; } = NewKey();

    public string Url => (_silo ?? throw new InvalidOperationException("The silo is not started.")).Address.ToString().TrimEnd('/');

    public string Output => _silo?.Output ?? "";

    /// <summary>An in-process CLI runner for this silo (to prepare data the tools then read).</summary>
    public CliRunner Runner(string? appKey = null) => new CliRunner()
        .WithVariable("DYNDB_URL", Url)
        .WithVariable("DYNDB_KEY", appKey ?? AppKey)
        .WithVariable("DYNDB_ADMIN_KEY", AdminKey);

    /// <summary>Starts <c>dyndb mcp</c> as a process and connects the SDK's client to it.</summary>
    public Task<McpSession> ConnectAsync(string? appKey = null, string? adminKey = null) =>
        McpSession.StartAsync(new Dictionary<string, string?>
        {
            ["DYNDB_URL"] = Url,
            ["DYNDB_KEY"] = appKey ?? AppKey,
            ["DYNDB_ADMIN_KEY"] = adminKey ?? AdminKey,
        });

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(
            _data.Path,
            "--Logging:LogLevel:Default", "Warning",
            "--DynamicDb:Auth:ApiKeys:0:App", App,
            "--DynamicDb:Auth:ApiKeys:0:Key", AppKey,
            "--DynamicDb:Auth:ApiKeys:1:App", "otherapp",
            "--DynamicDb:Auth:ApiKeys:1:Key", OtherAppKey,
            "--DynamicDb:Auth:AdminKeys:0:Key", AdminKey,
            "--DynamicDb:Auth:AdminKeys:0:Name", "mcp-tests",
            "--DynamicDb:Engines:0:Id", "sqlite",
            "--DynamicDb:Engines:0:Kind", "sqlite",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:1:Id", "archive",
            "--DynamicDb:Engines:1:Kind", "sqlite",
            "--DynamicDb:Engines:1:DataDirectory", "archive");
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

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
