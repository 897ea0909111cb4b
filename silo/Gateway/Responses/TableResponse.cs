using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>One table of a <see cref="SchemaResponse"/>: its column names, and each column's type and constraints.</summary>
internal sealed record TableResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
    [property: JsonPropertyName("column_details")] IReadOnlyList<ColumnResponse> ColumnDetails)
{
    public static TableResponse From(TableSchema table) =>
        new(table.Name, [.. table.Columns.Select(c => c.Name)], [.. table.Columns.Select(ColumnResponse.From)]);
}
