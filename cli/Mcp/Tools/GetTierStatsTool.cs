using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary><c>get_tier_stats {engine?}</c>: admission control per engine and tier and the open sessions per tier (<c>GET /v1/admin/tiers</c>, admin key).</summary>
public sealed class GetTierStatsTool : McpTool
{
    /// <inheritdoc/>
    public override string Name => "get_tier_stats";

    /// <inheritdoc/>
    public override string Description =>
        "Admission control by tier (High, Medium, Low, Background) on the silo: per engine its slots and the reserve for High, and per tier what runs, " +
        "what waits, the admitted, queued, throttled and rejected counts, and the last minute's statement latency and queue wait (p50, p99 in ms); " +
        "plus the cluster's open sessions per tier.";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
        [("engine", ToolSchema.String("Only this engine (a configured engine id); every engine when omitted"))];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var engine = arguments.OptionalString("engine");
        var path = engine is null ? "v1/admin/tiers" : $"v1/admin/tiers?engine={Uri.EscapeDataString(engine)}";
        return Node(await api.GetAsync(path, ApiCredential.Admin, cancellationToken).ConfigureAwait(false))!;
    }
}
