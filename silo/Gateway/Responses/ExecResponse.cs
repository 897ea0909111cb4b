using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>The answer of <c>/v1/database/exec</c>: <c>{"rows_affected": 1, "last_insert_id": 1}</c>.</summary>
internal sealed record ExecResponse(
    [property: JsonPropertyName("rows_affected")] long RowsAffected,
    [property: JsonPropertyName("last_insert_id")] long? LastInsertId)
{
    public static ExecResponse From(ExecResult result) => new(result.RowsAffected, result.LastInsertId);
}
