using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Mcp.Tools;

namespace Orleans.DynamicDb.Cli.Mcp;

/// <summary>
/// The tools of <c>dyndb mcp</c> and the two protocol handlers over them: <c>tools/list</c> answers each tool with its
/// input schema; <c>tools/call</c> checks the arguments and runs the tool against the silo. Every failure of a call —
/// a bad argument, a problem the silo answered, an unreachable silo — is a tool result with <c>isError</c> and a
/// message naming the problem, never a protocol error or a crash.
/// </summary>
public sealed class McpToolbox(SiloApi api, TimeProvider time)
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The tools, in the order they are listed (one instance per server: the event monitor keeps its cursor).</summary>
    public IReadOnlyList<McpTool> Tools { get; } =
    [
        new SwitchDatabaseEngineTool(),
        new ConfigureSwitchPolicyTool(),
        new GetEngineMetricsTool(time),
        new MonitorSwitchEventsTool(time),
        new CheckEngineHealthTool(),
        new ListDatabasesTool(),
        new DatabaseStatusTool(),
        new QueryDatabaseTool(),
        new ListSessionsTool(),
        new GetSessionTool(),
        new GetTierStatsTool(),
    ];

    /// <summary>The answer to <c>tools/list</c>.</summary>
    public ListToolsResult List() => new()
    {
        Tools = [.. Tools.Select(t => new Tool
        {
            Name = t.Name,
            Description = t.Description,
            InputSchema = t.InputSchema(),
            Annotations = new ToolAnnotations { ReadOnlyHint = t.ReadOnly, DestructiveHint = false, OpenWorldHint = false },
        })],
    };

    /// <summary>The answer to <c>tools/call</c>: the tool's JSON as text and structured content, or an error result.</summary>
    public async Task<CallToolResult> CallAsync(CallToolRequestParams? request, CancellationToken cancellationToken)
    {
        var name = request?.Name;
        var tool = Tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
        if (tool is null)
        {
            return Error($"Unknown tool '{name}'; the tools are: {string.Join(", ", Tools.Select(t => t.Name))}.");
        }

        try
        {
            var arguments = new ToolArguments(request!.Arguments);
            arguments.OnlyKnown(tool.Name, [.. tool.Properties.Select(p => p.Name)]);
            var answer = await tool.InvokeAsync(arguments, api, cancellationToken).ConfigureAwait(false);
            var json = answer.ToJsonString(Compact);
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = json }],
                StructuredContent = answer is JsonObject ? JsonSerializer.SerializeToElement(answer) : null,
                IsError = false,
            };
        }
        catch (ToolArgumentException e)
        {
            // The message names the argument; said first when it does not.
            return Error(e.Message.Contains($"'{e.Argument}", StringComparison.Ordinal) ? e.Message : $"Invalid argument '{e.Argument}': {e.Message}");
        }
        catch (CliProblemException problem)
        {
            var detail = string.IsNullOrEmpty(problem.Detail) ? "" : $": {problem.Detail}";
            return Error($"{tool.Name} failed: the silo answered {problem.Status} {problem.Code} ({problem.Title}){detail}");
        }
        catch (CliException failure)
        {
            return Error($"{tool.Name} failed: {failure.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Error($"{tool.Name} failed unexpectedly ({e.GetType().Name}): {e.Message}");
        }
    }

    private static CallToolResult Error(string message) => new()
    {
        Content = [new TextContentBlock { Text = message }],
        IsError = true,
    };
}
