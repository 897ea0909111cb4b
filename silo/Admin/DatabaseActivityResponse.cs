using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The answer of <c>GET /v1/admin/databases/{app}/{database}/activity</c>.</summary>
internal sealed record DatabaseActivityResponse(
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("in_flight_statements")] int InFlightStatements,
    [property: JsonPropertyName("paused")] bool Paused,
    [property: JsonPropertyName("transactions")] IReadOnlyList<TransactionActivityResponse> Transactions);

/// <summary>One open interactive transaction in <see cref="DatabaseActivityResponse"/>.</summary>
internal sealed record TransactionActivityResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("session_id")] string? SessionId,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("last_statement_at")] DateTimeOffset LastStatementAt,
    [property: JsonPropertyName("idle_seconds")] double IdleSeconds,
    [property: JsonPropertyName("statements")] int Statements,
    [property: JsonPropertyName("read_only")] bool ReadOnly,
    [property: JsonPropertyName("idle_timeout_seconds")] double IdleTimeoutSeconds,
    [property: JsonPropertyName("running")] bool Running,
    [property: JsonPropertyName("failed")] string? Failed)
{
    public static TransactionActivityResponse Of(TransactionActivity t, DateTimeOffset now) =>
        new(t.Id, t.SessionId, t.StartedAt, t.LastStatementAt, Math.Max(0, (now - t.LastStatementAt).TotalSeconds), t.Statements, t.ReadOnly,
            t.IdleTimeout.TotalSeconds, t.Running, t.Failed);
}
