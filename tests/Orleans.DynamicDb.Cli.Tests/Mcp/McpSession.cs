using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

/// <summary>
/// <c>dyndb mcp</c> run as its own process (<c>dotnet Orleans.DynamicDb.Cli.dll mcp</c>, the CLI's build output) with
/// the SDK's client connected over stdio. The process gets its DYNDB_* variables and a profile path that does not exist,
/// so nothing of the machine's own profile is read.
/// </summary>
public sealed class McpSession : IAsyncDisposable
{
    private readonly string _home;

    private McpSession(McpClient client, string home)
    {
        Client = client;
        _home = home;
    }

    public McpClient Client { get; }

    /// <summary>The CLI's build output, run as the MCP server.</summary>
    public static string CliDll => Path.Combine(RepositoryPaths.Root, "cli", "bin", RepositoryPaths.Configuration, "net10.0", "Orleans.DynamicDb.Cli.dll");

    public static async Task<McpSession> StartAsync(IDictionary<string, string?> variables)
    {
        Assert.True(File.Exists(CliDll), $"The CLI is not built: {CliDll}");
        var home = Path.Combine(Path.GetTempPath(), "dyndb-mcp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string?>(variables)
        {
            ["HOME"] = home,
            ["DYNDB_CONFIG"] = Path.Combine(home, "no-profile.json"),
        };
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "dyndb",
            Command = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            Arguments = [CliDll, "mcp"],
            EnvironmentVariables = environment,
            WorkingDirectory = home,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
        return new McpSession(client, home);
    }

    /// <summary>Calls a tool with arguments given as a JSON object text.</summary>
    public async Task<CallToolResult> CallAsync(string tool, string arguments = "{}")
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!
            .ToDictionary(p => p.Key, p => (object?)p.Value);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await Client.CallToolAsync(tool, values, cancellationToken: timeout.Token);
    }

    /// <summary>Calls a tool that must succeed and returns its JSON answer.</summary>
    public async Task<JsonElement> CallOkAsync(string tool, string arguments = "{}")
    {
        var result = await CallAsync(tool, arguments);
        var text = Text(result);
        Assert.True(result.IsError != true, $"{tool} {arguments} failed: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Calls a tool that must fail and returns its message.</summary>
    public async Task<string> CallErrorAsync(string tool, string arguments = "{}")
    {
        var result = await CallAsync(tool, arguments);
        var text = Text(result);
        Assert.True(result.IsError == true, $"{tool} {arguments} should have failed, but answered: {text}");
        return text;
    }

    public static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temporary folder is cleaned by the OS.
        }
    }
}
