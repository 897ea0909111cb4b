using System.Text.Json.Nodes;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>Reads the members of an engine entry of <c>GET /v1/engines</c> (docs/http-api.md, "List the engines").</summary>
internal static class EngineFields
{
    /// <summary>A string member, or null.</summary>
    public static string? Text(JsonNode? entry, string name) =>
        entry?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A copy of a member (null when absent).</summary>
    public static JsonNode? Copy(JsonNode? entry, string name) => entry?[name]?.DeepClone();

    /// <summary>True when the engine serves: state Healthy or Switching, circuit Closed.</summary>
    public static bool IsHealthy(JsonNode? entry) =>
        Text(entry, "state") is "Healthy" or "Switching" && Text(entry, "circuit") == "Closed";

    /// <summary>The engine's entries: one for an id, every one for <c>all</c>.</summary>
    public static async Task<List<JsonNode>> ReadAsync(Http.SiloApi api, string engine, CancellationToken cancellationToken)
    {
        if (string.Equals(engine, "all", StringComparison.OrdinalIgnoreCase))
        {
            var list = await api.GetAsync("v1/engines", Http.ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            return [.. list.GetProperty("engines").EnumerateArray().Select(e => JsonNode.Parse(e.GetRawText())!)];
        }

        var one = await api.GetAsync($"v1/engines/{Uri.EscapeDataString(engine)}", Http.ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
        return [JsonNode.Parse(one.GetRawText())!];
    }
}
