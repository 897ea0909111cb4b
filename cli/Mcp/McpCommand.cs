using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Orleans.DynamicDb.Cli.Mcp;

/// <summary>
/// <c>dyndb mcp</c>: serves the Model Context Protocol over standard input and output for an MCP client (docs/mcp.md).
/// Standard output carries only the protocol; logs go to standard error. The tools call the silo of the profile (or
/// <c>DYNDB_URL</c>, <c>DYNDB_KEY</c>, <c>DYNDB_ADMIN_KEY</c>).
/// </summary>
public static class McpCommand
{
    /// <summary>The server's name in the MCP handshake.</summary>
    public const string ServerName = "dyndb";

    /// <summary>The <c>mcp</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "The least level logged to standard error",
            DefaultValueFactory = _ => LogLevel.Warning,
        };
        var command = new Command("mcp", "Serve the Model Context Protocol over stdio (tools: switch_database_engine, configure_switch_policy, get_engine_metrics, monitor_switch_events, check_engine_health, list_databases, database_status, query_database)");
        command.Options.Add(logLevel);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await RunAsync(context, parseResult.GetValue(logLevel), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Runs the server until standard input closes or the process is stopped.</summary>
    public static async Task RunAsync(CliContext context, LogLevel logLevel, CancellationToken cancellationToken)
    {
        // The URL is checked now: a server without a usable silo URL should say so at once, not at the first call.
        var toolbox = new McpToolbox(context.Api, TimeProvider.System);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services
            .AddMcpServer(options => options.ServerInfo = new Implementation { Name = ServerName, Version = Version() })
            .WithStdioServerTransport()
            .WithListToolsHandler((_, _) => ValueTask.FromResult(toolbox.List()))
            .WithCallToolHandler((request, token) => new ValueTask<CallToolResult>(toolbox.CallAsync(request.Params, token)));
        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Version() =>
        typeof(McpCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
