namespace Orleans.DynamicDb.Audit;

/// <summary>
/// One stored row of <c>dyndb_audit</c>: the entry, its sequence number (1, 2, ... without gaps), when it was written,
/// its <see cref="Details"/> as canonical JSON, the previous row's hash and its own (<see cref="AuditHash"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("dyndb.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Target,
    [property: Id(5)] string Result,
    [property: Id(6)] string Details,
    [property: Id(7)] string PrevHash,
    [property: Id(8)] string Hash);
