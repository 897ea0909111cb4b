using System.Text.Json.Serialization;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The answer of the switch and approve endpoints (the seed's <c>switch_database_engine</c> result, with the switch's id and state).</summary>
internal sealed record SwitchResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("phase")] string? Phase,
    [property: JsonPropertyName("switch_duration_ms")] long SwitchDurationMs,
    [property: JsonPropertyName("write_pause_ms")] double WritePauseMs,
    [property: JsonPropertyName("old_engine")] string OldEngine,
    [property: JsonPropertyName("new_engine")] string NewEngine,
    [property: JsonPropertyName("rows_copied")] long RowsCopied,
    [property: JsonPropertyName("validation")] ValidationResponse? Validation,
    [property: JsonPropertyName("error")] string? Error)
{
    public static SwitchResponse From(SwitchResult result) => new(
        result.Id, result.Success, result.State, result.Phase, result.SwitchDurationMs, Math.Round(result.WritePauseMs, 3), result.OldEngine, result.NewEngine,
        result.RowsCopied, ValidationResponse.From(result.Validation), result.Error);
}

/// <summary>A post-validation report: passed, per-table rows and checksums, and the mismatches.</summary>
internal sealed record ValidationResponse(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("tables")] IReadOnlyList<TableValidationResponse> Tables,
    [property: JsonPropertyName("mismatches")] IReadOnlyList<string> Mismatches)
{
    public static ValidationResponse? From(ValidationReport? report) => report is null
        ? null
        : new(report.Passed, [.. report.Tables.Select(t => new TableValidationResponse(t.Table, t.SourceRows, t.TargetRows, t.SourceChecksum, t.TargetChecksum, t.Match))], report.Mismatches);
}

/// <summary>One table of a <see cref="ValidationResponse"/>.</summary>
internal sealed record TableValidationResponse(
    [property: JsonPropertyName("table")] string Table,
    [property: JsonPropertyName("source_rows")] long SourceRows,
    [property: JsonPropertyName("target_rows")] long TargetRows,
    [property: JsonPropertyName("source_checksum")] string SourceChecksum,
    [property: JsonPropertyName("target_checksum")] string TargetChecksum,
    [property: JsonPropertyName("match")] bool Match);
