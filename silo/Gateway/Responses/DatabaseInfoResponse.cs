using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>
/// A database's catalog entry, the answer of <c>/v1/database/status</c> and <c>/v1/database/create</c>.
/// <c>hibernation_timeout_seconds</c> is the timeout in effect (the database's own or the configured default); 0 means never.
/// <c>engine_group</c> and <c>engine_epoch</c>: on a replicated engine (<c>postgres-ha</c>), the replication group and its
/// epoch the database was last opened at; null otherwise.
/// </summary>
internal sealed record DatabaseInfoResponse(
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("last_activity")] DateTimeOffset LastActivity,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("hibernation_timeout_seconds")] double HibernationTimeoutSeconds,
    [property: JsonPropertyName("engine_group")] string? EngineGroup,
    [property: JsonPropertyName("engine_epoch")] long? EngineEpoch)
{
    /// <summary>The engine switch running now (<c>{"id","phase","target"}</c>); absent when none runs.</summary>
    [JsonPropertyName("switch")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunningSwitchResponse? Switch { get; init; }

    public static DatabaseInfoResponse From(DatabaseInfo info, TimeSpan defaultHibernationTimeout) => new(
        info.Database,
        info.Status,
        info.Engine,
        info.LastActivity,
        info.CreatedAt,
        (info.HibernationTimeout ?? defaultHibernationTimeout).TotalSeconds,
        info.EngineGroup,
        info.EngineEpoch);
}
