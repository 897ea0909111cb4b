using System.Text.Json.Serialization;
using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>A session's query load and resource use (<see cref="SessionLoad"/>), as numbers.</summary>
internal sealed record SessionLoadResponse(
    [property: JsonPropertyName("statements")] long Statements,
    [property: JsonPropertyName("reads")] long Reads,
    [property: JsonPropertyName("writes")] long Writes,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("read_ratio")] double ReadRatio,
    [property: JsonPropertyName("in_transaction")] long InTransaction,
    [property: JsonPropertyName("transactions")] long Transactions,
    [property: JsonPropertyName("statements_per_transaction")] double StatementsPerTransaction,
    [property: JsonPropertyName("rate_per_second")] double RatePerSecond,
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p99_ms")] double P99Ms,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("server_time_ms")] double ServerTimeMs,
    [property: JsonPropertyName("server_time_per_statement_ms")] double ServerTimePerStatementMs)
{
    public static SessionLoadResponse From(SessionLoad l) => new(
        l.Statements, l.Reads, l.Writes, l.Errors, l.ReadRatio, l.InTransaction, l.Transactions, l.StatementsPerTransaction,
        l.RatePerSecond, l.P50Ms, l.P99Ms, l.Rows, l.Bytes, l.ServerTimeMs, l.ServerTimePerStatementMs);
}
