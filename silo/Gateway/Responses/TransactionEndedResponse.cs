using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>The answer of commit and rollback: <c>{"id": "tx....", "state": "committed"}</c> (or <c>rolled_back</c>).</summary>
internal sealed record TransactionEndedResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State);
