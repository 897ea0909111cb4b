using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>
/// A database's catalog entry, the answer of <c>/v1/database/status</c> and <c>/v1/database/create</c>.
/// <c>hibernation_timeout_seconds</c> is the timeout in effect (the database's own or the configured default); 0 means never.
/// </summary>
internal sealed record DatabaseInfoResponse(
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("last_activity")] DateTimeOffset LastActivity,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("hibernation_timeout_seconds")] double HibernationTimeoutSeconds)
{
    public static DatabaseInfoResponse From(DatabaseInfo info, TimeSpan defaultHibernationTimeout) => new(
        info.Database,
        info.Status,
        info.Engine,
        info.LastActivity,
        info.CreatedAt,
        (info.HibernationTimeout ?? defaultHibernationTimeout).TotalSeconds);
}
