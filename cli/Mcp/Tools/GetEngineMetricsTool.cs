using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>
/// <c>get_engine_metrics {engine, metrics, time_range_seconds}</c>: the engines' performance as their engine grains see
/// it (<c>GET /v1/engines</c>): response time (p50/p99 over the silo's failure detection window), error rate,
/// connections, replication lag, health; plus the engine events (state, circuit, failover) within the last
/// <c>time_range_seconds</c> (<c>GET /v1/engines/events</c>).
/// </summary>
public sealed class GetEngineMetricsTool(TimeProvider time) : McpTool
{
    /// <summary>The metric names that can be asked for.</summary>
    public static readonly string[] Metrics = ["response_time", "error_rate", "connection_count", "replication_lag", "health"];

    /// <inheritdoc/>
    public override string Name => "get_engine_metrics";

    /// <inheritdoc/>
    public override string Description =>
        "Engine performance: response_time (p50/p99 ms over the silo's health window), error_rate (0-1), connection_count, replication_lag (bytes), health (state, circuit, role), and how many state, circuit and failover events each engine had in the last time_range_seconds. Needs the admin key.";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
    [
        ("engine", ToolSchema.String("An engine id, or \"all\"")),
        ("metrics", ToolSchema.EnumArray("Which metrics to return (default: all)", Metrics)),
        ("time_range_seconds", ToolSchema.Integer("How far back engine events are counted", 1, 86400, 300)),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Required => ["engine"];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var engine = arguments.RequiredString("engine");
        var metrics = arguments.Choices("metrics", Metrics) ?? Metrics;
        var range = arguments.Integer("time_range_seconds", 1, 86400, 300);
        var entries = await EngineFields.ReadAsync(api, engine, cancellationToken).ConfigureAwait(false);
        var from = time.GetUtcNow().AddSeconds(-range);
        var events = await EngineEventReader.ReadAllAsync(api, cancellationToken).ConfigureAwait(false);

        var result = new JsonArray();
        foreach (var entry in entries)
        {
            var id = EngineFields.Text(entry, "id")!;
            var item = new JsonObject { ["engine"] = id, ["kind"] = EngineFields.Copy(entry, "kind") };
            foreach (var metric in metrics)
            {
                item[metric] = metric switch
                {
                    "response_time" => new JsonObject
                    {
                        ["p50_ms"] = EngineFields.Copy(entry!["latency_ms"], "p50"),
                        ["p99_ms"] = EngineFields.Copy(entry["latency_ms"], "p99"),
                    },
                    "error_rate" => EngineFields.Copy(entry, "error_rate"),
                    "connection_count" => EngineFields.Copy(entry, "connections"),
                    "replication_lag" => EngineFields.Copy(entry, "replication_lag_bytes"),
                    _ => new JsonObject
                    {
                        ["state"] = EngineFields.Copy(entry, "state"),
                        ["circuit"] = EngineFields.Copy(entry, "circuit"),
                        ["role"] = EngineFields.Copy(entry, "role"),
                        ["healthy"] = EngineFields.IsHealthy(entry),
                    },
                };
            }

            var recent = events.Where(e => EngineFields.Text(e, "engine") == id && At(e) >= from).ToList();
            item["events_in_range"] = new JsonObject
            {
                ["total"] = recent.Count,
                ["state_changes"] = recent.Count(e => EngineFields.Text(e, "type") is "state" or "member_state"),
                ["circuit_changes"] = recent.Count(e => EngineFields.Text(e, "type") is "circuit" or "member_circuit"),
                ["failovers"] = recent.Count(e => EngineFields.Text(e, "type") == "failover" && EngineFields.Text(e, "reason")?.StartsWith("decided:", StringComparison.Ordinal) == true),
            };
            result.Add(item);
        }

        return new JsonObject
        {
            ["engines"] = result,
            ["metrics"] = new JsonArray([.. metrics.Select(m => (JsonNode)m)]),
            ["time_range_seconds"] = range,
            ["note"] = "response_time and error_rate cover the silo's failure detection window; time_range_seconds selects the engine events counted.",
        };
    }

    private static DateTimeOffset At(JsonNode? e) =>
        DateTimeOffset.TryParse(EngineFields.Text(e, "at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;
}
