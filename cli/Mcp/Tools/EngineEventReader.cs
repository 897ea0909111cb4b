using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>Pages through <c>GET /v1/engines/events</c> and <c>GET /v1/admin/switches</c> with their cursors.</summary>
internal static class EngineEventReader
{
    /// <summary>The most pages read in one call (1000 items each).</summary>
    private const int MaxPages = 50;

    /// <summary>Every engine event the silo keeps (each engine keeps its last 1000), oldest first.</summary>
    public static async Task<List<JsonNode>> ReadAllAsync(SiloApi api, CancellationToken cancellationToken) =>
        (await ReadAsync(api, "v1/engines/events", "events", "0", cancellationToken).ConfigureAwait(false)).Items;

    /// <summary>The items of a cursor-paged list from <paramref name="since"/> to its end, and the cursor after them.</summary>
    public static async Task<(List<JsonNode> Items, string Next)> ReadAsync(
        SiloApi api, string path, string member, string since, CancellationToken cancellationToken)
    {
        var items = new List<JsonNode>();
        var cursor = since;
        for (var page = 0; page < MaxPages; page++)
        {
            var answer = await api.GetAsync($"{path}?since={Uri.EscapeDataString(cursor)}&limit=1000", ApiCredential.Admin, cancellationToken)
                .ConfigureAwait(false);
            var batch = answer.GetProperty(member).EnumerateArray().Select(e => JsonNode.Parse(e.GetRawText())!).ToList();
            items.AddRange(batch);
            var next = answer.TryGetProperty("next", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.String ? n.GetString()! : cursor;
            if (batch.Count == 0 || next == cursor)
            {
                return (items, next);
            }

            cursor = next;
        }

        return (items, cursor);
    }
}
