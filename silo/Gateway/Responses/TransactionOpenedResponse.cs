using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>
/// The answer of <c>POST /v1/database/transactions</c>:
/// <c>{"id": "tx....", "database": "users", "idle_timeout_seconds": 60, "read_only": false, "started_at": "..."}</c>.
/// </summary>
internal sealed record TransactionOpenedResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("idle_timeout_seconds")] double IdleTimeoutSeconds,
    [property: JsonPropertyName("read_only")] bool ReadOnly,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt);
