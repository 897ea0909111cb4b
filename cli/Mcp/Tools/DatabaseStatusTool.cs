using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary><c>database_status {database}</c>: a database's catalog entry without waking it (<c>GET /v1/database/status</c>).</summary>
public sealed class DatabaseStatusTool : McpTool
{
    /// <inheritdoc/>
    public override string Name => "database_status";

    /// <inheritdoc/>
    public override string Description =>
        "A database's status without waking it: active, hibernated or dropped; its engine; last activity; creation time; a switch under way.";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
        [("database", ToolSchema.String("The database's name (a-z, 0-9, _), as list_databases shows it"))];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Required => ["database"];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var database = arguments.RequiredString("database");
        var answer = await api.GetAsync($"v1/database/status?database={Uri.EscapeDataString(database)}", ApiCredential.App, cancellationToken)
            .ConfigureAwait(false);
        return Node(answer)!;
    }
}
