using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The body of <c>POST /v1/engines</c>: the <c>postgres-ha</c> engine (its group) to add a synchronous standby to, and the
/// new member's weight (optional, 0–1000; default: the engine's <c>Health:Weight</c>).
/// </summary>
internal sealed record AddMemberRequest(
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("weight")] double? Weight);
