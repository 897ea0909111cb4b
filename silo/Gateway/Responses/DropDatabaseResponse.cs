using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>The answer of <c>/v1/database/drop</c>: <c>{"dropped": true, "moved_to": "..."}</c> (the data is moved aside, never deleted).</summary>
internal sealed record DropDatabaseResponse(
    [property: JsonPropertyName("dropped")] bool Dropped,
    [property: JsonPropertyName("moved_to")] string MovedTo);
