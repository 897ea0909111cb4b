using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>The engine switch a database is in (its status's <c>switch</c>): its id, phase and target engine.</summary>
internal sealed record RunningSwitchResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("phase")] string? Phase,
    [property: JsonPropertyName("target")] string Target);
