using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary><c>get_session {id}</c>: one session's connection profile (<c>GET /v1/admin/sessions/{id}</c>, admin key).</summary>
public sealed class GetSessionTool : McpTool
{
    /// <inheritdoc/>
    public override string Name => "get_session";

    /// <inheritdoc/>
    public override string Description =>
        "One client session's connection profile by id (as list_sessions shows it): who, from where, privileges, session variables, query load and server time, and its tier (tier, tier_source, tier_confidence, tier_rule).";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
        [("id", ToolSchema.String("The session id (pg-... or http-...)"))];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Required => ["id"];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var id = arguments.RequiredString("id");
        return Node(await api.GetAsync($"v1/admin/sessions/{Uri.EscapeDataString(id)}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false))!;
    }
}
