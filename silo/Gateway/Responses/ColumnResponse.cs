using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>One column of a <see cref="TableResponse"/>.</summary>
internal sealed record ColumnResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("not_null")] bool NotNull,
    [property: JsonPropertyName("primary_key")] bool PrimaryKey)
{
    public static ColumnResponse From(ColumnSchema column) => new(column.Name, column.Type, column.NotNull, column.PrimaryKey);
}
