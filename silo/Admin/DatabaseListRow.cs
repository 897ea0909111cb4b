using System.Text.Json.Serialization;
using Orleans.DynamicDb.Catalog;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>One database in <see cref="DatabaseListResponse"/>.</summary>
internal sealed record DatabaseListRow(
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("last_activity")] DateTimeOffset LastActivity,
    [property: JsonPropertyName("woke_at")] DateTimeOffset? WokeAt,
    [property: JsonPropertyName("silo")] string? Silo)
{
    public static DatabaseListRow Of(DatabaseSearchRow row) =>
        new(row.Info.App, row.Info.Database, row.Info.Engine, row.Info.Status, row.Info.CreatedAt, row.Info.LastActivity, row.WokeAt, row.Silo);
}
