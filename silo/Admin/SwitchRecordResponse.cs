using System.Text.Json.Serialization;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// One switch of the history (<c>GET /v1/admin/switches</c>, <c>GET /v1/admin/switches/{id}</c>). While it runs, the one
/// switch's answer carries the copy's progress: <c>rows_copied</c> and <c>bytes_copied</c> so far (<see cref="SwitchLiveProgress"/>);
/// <c>bytes_copied</c> is null otherwise.
/// </summary>
internal sealed record SwitchRecordResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("cursor")] long Cursor,
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("phase")] string? Phase,
    [property: JsonPropertyName("requested_by")] string? RequestedBy,
    [property: JsonPropertyName("policy")] string? Policy,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("ended_at")] DateTimeOffset? EndedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("decided_by")] string? DecidedBy,
    [property: JsonPropertyName("rows_copied")] long? RowsCopied,
    [property: JsonPropertyName("write_pause_ms")] double? WritePauseMs,
    [property: JsonPropertyName("duration_ms")] long? DurationMs,
    [property: JsonPropertyName("validation")] ValidationResponse? Validation,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("bytes_copied")] long? BytesCopied = null)
{
    public static SwitchRecordResponse From(SwitchRecord r) => new(
        r.Id, r.Cursor, r.App, r.Database, r.Source, r.Target, r.State, r.Phase, r.RequestedBy, r.Policy, r.CreatedAt, r.StartedAt, r.EndedAt,
        r.ExpiresAt, r.DecidedBy, r.RowsCopied, r.WritePauseMs, r.DurationMs, ValidationResponse.From(r.Validation), r.Error);
}

/// <summary>A page of the switch history: the switches after the cursor and the cursor to ask with next.</summary>
internal sealed record SwitchHistoryResponse(
    [property: JsonPropertyName("switches")] IReadOnlyList<SwitchRecordResponse> Switches,
    [property: JsonPropertyName("next")] string Next);
