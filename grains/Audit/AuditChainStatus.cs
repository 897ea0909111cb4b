namespace Orleans.DynamicDb.Audit;

/// <summary>
/// What <see cref="IAuditLog.VerifyAsync"/> found: whether every row's hash matches its content and the previous row's
/// hash, over <see cref="RowsChecked"/> rows; otherwise the first sequence number where the chain breaks and why
/// (<c>hash mismatch</c>: the row was edited; <c>previous hash mismatch</c> or <c>row missing</c>: a row before it was
/// deleted or replaced).
/// </summary>
[GenerateSerializer, Immutable, Alias("dyndb.AuditChainStatus")]
public sealed record AuditChainStatus(
    [property: Id(0)] bool Intact,
    [property: Id(1)] long RowsChecked,
    [property: Id(2)] long? FirstBrokenSeq,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string? HeadHash);
