using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>The answer of <c>/v1/database/create-table</c> and <c>/v1/database/drop-table</c>: <c>{"rows_affected": 0}</c>.</summary>
internal sealed record RowsAffectedResponse([property: JsonPropertyName("rows_affected")] long RowsAffected);
