using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary><c>list_databases {}</c>: the app's databases (<c>GET /v1/database/list</c>, app key).</summary>
public sealed class ListDatabasesTool : McpTool
{
    /// <inheritdoc/>
    public override string Name => "list_databases";

    /// <inheritdoc/>
    public override string Description => "List the databases of the app whose API key dyndb uses (names, without the app prefix).";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties => [];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken) =>
        Node(await api.GetAsync("v1/database/list", ApiCredential.App, cancellationToken).ConfigureAwait(false))!;
}
