using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>The answer of <c>/v1/database/schema</c>: <c>{"tables": [{"name": "users", "columns": ["id", "name"], "column_details": [...]}]}</c>.</summary>
internal sealed record SchemaResponse([property: JsonPropertyName("tables")] IReadOnlyList<TableResponse> Tables)
{
    public static SchemaResponse From(DatabaseSchema schema) => new([.. schema.Tables.Select(TableResponse.From)]);
}
