using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.DynamicDb.Audit;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The answer of <c>GET /v1/admin/audit</c>: rows oldest first, the cursor to pass as <c>since</c> for the rows after
/// them, and the verification of the whole chain.
/// </summary>
internal sealed record AuditResponse(
    [property: JsonPropertyName("rows")] IReadOnlyList<AuditRowResponse> Rows,
    [property: JsonPropertyName("next")] string Next,
    [property: JsonPropertyName("chain")] AuditChainResponse Chain);

/// <summary>One audit row as answered.</summary>
internal sealed record AuditRowResponse(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("details")] JsonElement Details,
    [property: JsonPropertyName("prev_hash")] string PrevHash,
    [property: JsonPropertyName("hash")] string Hash)
{
    public static AuditRowResponse Of(AuditRecord row)
    {
        using var details = JsonDocument.Parse(row.Details);
        return new(row.Seq, row.At, row.Actor, row.Action, row.Target, row.Result, details.RootElement.Clone(), row.PrevHash, row.Hash);
    }
}

/// <summary>The chain's verification: intact or where it first breaks and why.</summary>
internal sealed record AuditChainResponse(
    [property: JsonPropertyName("intact")] bool Intact,
    [property: JsonPropertyName("rows_checked")] long RowsChecked,
    [property: JsonPropertyName("broken_at")] long? BrokenAt,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("head_hash")] string? HeadHash)
{
    public static AuditChainResponse Of(AuditChainStatus status) => new(status.Intact, status.RowsChecked, status.FirstBrokenSeq, status.Reason, status.HeadHash);
}
