using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>The answer of <c>/v1/database/transaction</c>: <c>{"success": true, "results": [{"rows_affected": 1, ...}]}</c>.</summary>
internal sealed record TransactionResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("results")] IReadOnlyList<ExecResponse> Results)
{
    public static TransactionResponse From(IReadOnlyList<ExecResult> results) => new(true, [.. results.Select(ExecResponse.From)]);
}
