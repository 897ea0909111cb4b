using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>
/// <c>monitor_switch_events {real_time, include_metrics, filter_level}</c>: engine switches (<c>GET /v1/admin/switches</c>)
/// and engine events — state, circuit, failover (<c>GET /v1/engines/events</c>) — at or above <c>filter_level</c>.
/// Without <c>real_time</c>: the latest <see cref="RecentCount"/> of them. With <c>real_time</c>: the events that
/// happened since this server's previous real-time call (the first call starts from now), waiting up to
/// <see cref="Wait"/> for one to arrive; so calling it repeatedly follows the stream without missing or repeating one.
/// </summary>
public sealed class MonitorSwitchEventsTool(TimeProvider time) : McpTool
{
    /// <summary>How many events a call without <c>real_time</c> answers.</summary>
    public const int RecentCount = 100;

    /// <summary>How long a real-time call waits for an event. Default: 20 seconds.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly string[] SwitchMetrics = ["duration_ms", "write_pause_ms", "rows_copied", "validation"];

    private readonly SemaphoreSlim _follow = new(1, 1);
    private (string Switches, string Engines)? _cursor;

    /// <inheritdoc/>
    public override string Name => "monitor_switch_events";

    /// <inheritdoc/>
    public override string Description =>
        "Switching events: database engine switches (state, phase, source, target, outcome) and engine state, circuit and failover events, filtered by level. real_time=false gives the latest 100; real_time=true gives what happened since the previous real-time call (waiting up to 20 s for something to happen). include_metrics adds each switch's duration, write pause, rows copied and validation, and the engines' current latency and error rate. Needs the admin key.";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
    [
        ("real_time", ToolSchema.Boolean("Follow new events (since the previous real-time call) instead of listing the latest", false)),
        ("include_metrics", ToolSchema.Boolean("Add switch durations, write pauses, rows copied, validation and current engine metrics", false)),
        ("filter_level", ToolSchema.Enum("The least severe level returned", EventLevels.All, "info")),
    ];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var realTime = arguments.Boolean("real_time", false);
        var includeMetrics = arguments.Boolean("include_metrics", false);
        var level = arguments.Choice("filter_level", EventLevels.All, "info");
        List<JsonObject> events;
        if (realTime)
        {
            events = await FollowAsync(api, level, includeMetrics, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var switches = await EngineEventReader.ReadAsync(api, "v1/admin/switches", "switches", "0", cancellationToken).ConfigureAwait(false);
            var engine = await EngineEventReader.ReadAsync(api, "v1/engines/events", "events", "0", cancellationToken).ConfigureAwait(false);
            events = [.. Shape(switches.Items, engine.Items, level, includeMetrics).TakeLast(RecentCount)];
        }

        var answer = new JsonObject
        {
            ["real_time"] = realTime,
            ["filter_level"] = level,
            ["count"] = events.Count,
            ["events"] = new JsonArray([.. events]),
        };
        if (includeMetrics)
        {
            answer["engines"] = await EngineSnapshotAsync(api, cancellationToken).ConfigureAwait(false);
        }

        return answer;
    }

    private async Task<List<JsonObject>> FollowAsync(SiloApi api, string level, bool includeMetrics, CancellationToken cancellationToken)
    {
        await _follow.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cursor is null)
            {
                var switchEnd = await EngineEventReader.ReadAsync(api, "v1/admin/switches", "switches", "0", cancellationToken).ConfigureAwait(false);
                var engineEnd = await EngineEventReader.ReadAsync(api, "v1/engines/events", "events", "0", cancellationToken).ConfigureAwait(false);
                _cursor = (switchEnd.Next, engineEnd.Next);
            }

            var deadline = time.GetUtcNow() + Wait;
            while (true)
            {
                var (switchSince, engineSince) = _cursor.Value;
                var switches = await EngineEventReader.ReadAsync(api, "v1/admin/switches", "switches", switchSince, cancellationToken).ConfigureAwait(false);
                var engine = await EngineEventReader.ReadAsync(api, "v1/engines/events", "events", engineSince, cancellationToken).ConfigureAwait(false);
                _cursor = (switches.Next, engine.Next);
                var shaped = Shape(switches.Items, engine.Items, level, includeMetrics).ToList();
                if (shaped.Count > 0 || time.GetUtcNow() >= deadline)
                {
                    return shaped;
                }

                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _follow.Release();
        }
    }

    private static IEnumerable<JsonObject> Shape(List<JsonNode> switches, List<JsonNode> engineEvents, string level, bool includeMetrics)
    {
        var least = EventLevels.Rank(level);
        var shaped = new List<(string At, JsonObject Event)>();
        foreach (var row in switches)
        {
            var eventLevel = EventLevels.OfSwitch(row);
            if (EventLevels.Rank(eventLevel) < least)
            {
                continue;
            }

            var at = EngineFields.Text(row, "ended_at") ?? EngineFields.Text(row, "started_at") ?? EngineFields.Text(row, "created_at") ?? "";
            var item = new JsonObject
            {
                ["kind"] = "switch",
                ["at"] = at,
                ["level"] = eventLevel,
                ["id"] = EngineFields.Copy(row, "id"),
                ["app"] = EngineFields.Copy(row, "app"),
                ["database"] = EngineFields.Copy(row, "database"),
                ["source"] = EngineFields.Copy(row, "source"),
                ["target"] = EngineFields.Copy(row, "target"),
                ["state"] = EngineFields.Copy(row, "state"),
                ["phase"] = EngineFields.Copy(row, "phase"),
                ["policy"] = EngineFields.Copy(row, "policy"),
                ["error"] = EngineFields.Copy(row, "error"),
            };
            if (includeMetrics)
            {
                foreach (var metric in SwitchMetrics)
                {
                    item[metric] = EngineFields.Copy(row, metric);
                }
            }

            shaped.Add((at, item));
        }

        foreach (var e in engineEvents)
        {
            var eventLevel = EventLevels.OfEngineEvent(e);
            if (EventLevels.Rank(eventLevel) < least)
            {
                continue;
            }

            var at = EngineFields.Text(e, "at") ?? "";
            var item = new JsonObject
            {
                ["kind"] = "engine",
                ["at"] = at,
                ["level"] = eventLevel,
                ["engine"] = EngineFields.Copy(e, "engine"),
                ["type"] = EngineFields.Copy(e, "type"),
                ["from"] = EngineFields.Copy(e, "from"),
                ["to"] = EngineFields.Copy(e, "to"),
                ["reason"] = EngineFields.Copy(e, "reason"),
            };
            if (includeMetrics)
            {
                item["duration_ms"] = EngineFields.Copy(e, "duration_ms");
            }

            shaped.Add((at, item));
        }

        return shaped.OrderBy(s => DateTimeOffset.TryParse(s.At, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : DateTimeOffset.MinValue)
            .Select(s => s.Event);
    }

    private static async Task<JsonArray> EngineSnapshotAsync(SiloApi api, CancellationToken cancellationToken)
    {
        var engines = await EngineFields.ReadAsync(api, "all", cancellationToken).ConfigureAwait(false);
        return new JsonArray([.. engines.Select(e => (JsonNode)new JsonObject
        {
            ["engine"] = EngineFields.Copy(e, "id"),
            ["state"] = EngineFields.Copy(e, "state"),
            ["circuit"] = EngineFields.Copy(e, "circuit"),
            ["latency_ms"] = EngineFields.Copy(e, "latency_ms"),
            ["error_rate"] = EngineFields.Copy(e, "error_rate"),
        })]);
    }
}
