using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>
/// The answers the OpenAPI document shows that are written by hand rather than serialized from a record: the streamed
/// query answer and the problem body (see <c>Problems/ProblemWriter</c>).
/// </summary>
internal static class ResponseBodies
{
    /// <summary>The streamed answer of query.</summary>
    public sealed record QueryAnswer(
        [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
        [property: JsonPropertyName("items"), Description("One object per row, keyed by column name.")] IReadOnlyList<Dictionary<string, object?>> Items,
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("truncated"), Description("True when the result was cut at a cap or failed after its first rows.")] bool Truncated,
        [property: JsonPropertyName("error"), Description("Present when the query failed after rows were sent.")] QueryError? Error);

    /// <summary>The answer of opening a transaction.</summary>
    public sealed record TransactionOpenedAnswer(
        [property: JsonPropertyName("id"), Description("The transaction's id for every later call; it names the database, and only the app that opened it can use it.")] string Id,
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("idle_timeout_seconds")] double IdleTimeoutSeconds,
        [property: JsonPropertyName("read_only")] bool ReadOnly,
        [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt);

    /// <summary>The answer of a query in a transaction (the whole result, not streamed).</summary>
    public sealed record TransactionQueryAnswer(
        [property: JsonPropertyName("items"), Description("One object per row, keyed by column name.")] IReadOnlyList<Dictionary<string, object?>> Items,
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns);

    /// <summary>The answer of commit and rollback.</summary>
    public sealed record TransactionEndedAnswer(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("state"), Description("committed or rolled_back.")] string State);

    /// <summary>The failure that ended a streamed query after its first rows.</summary>
    public sealed record QueryError(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("detail")] string Detail);

    /// <summary>An RFC 9457 problem, as <c>application/problem+json</c>.</summary>
    [Description("An RFC 9457 problem; 'type' is the stable error code to branch on (e.g. sql.syntax, request.not_found).")]
    public sealed record Problem(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("detail")] string Detail,
        [property: JsonPropertyName("instance")] string Instance,
        [property: JsonPropertyName("transient")] bool Transient,
        [property: JsonPropertyName("trace_id")] string TraceId);
}
