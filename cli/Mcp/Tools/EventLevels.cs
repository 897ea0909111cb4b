using System.Text.Json.Nodes;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>The level of a switch or engine event, for <c>monitor_switch_events</c>'s <c>filter_level</c>.</summary>
public static class EventLevels
{
    /// <summary>The levels, least severe first.</summary>
    public static readonly string[] All = ["debug", "info", "warning", "error", "critical"];

    /// <summary>The rank of a level (0 for debug).</summary>
    public static int Rank(string level) => Array.IndexOf(All, level);

    /// <summary>A switch row's level: failed or rolled back is an error, waiting for approval a warning, else info.</summary>
    public static string OfSwitch(JsonNode row) => EngineFields.Text(row, "state") switch
    {
        "failed" or "rolled_back" => "error",
        "pending_approval" or "rejected" or "expired" => "warning",
        "completed" when row["validation"] is JsonObject v && v["passed"] is JsonValue p && p.TryGetValue<bool>(out var passed) && !passed => "warning",
        "running" => "debug",
        _ => "info",
    };

    /// <summary>An engine event's level: failovers that failed are critical, a failed engine or open circuit an error.</summary>
    public static string OfEngineEvent(JsonNode e)
    {
        var to = EngineFields.Text(e, "to");
        var reason = EngineFields.Text(e, "reason") ?? "";
        return EngineFields.Text(e, "type") switch
        {
            "failover" or "member_added" when reason.StartsWith("failed:", StringComparison.Ordinal) => "critical",
            "failover" => "warning",
            "state" or "member_state" => to switch
            {
                "Failed" => "error",
                "Degraded" => "warning",
                _ => "info",
            },
            "circuit" or "member_circuit" => to switch
            {
                "Open" => "error",
                "HalfOpen" => "warning",
                _ => "info",
            },
            _ => "info",
        };
    }
}
