namespace Orleans.DynamicDb.Audit;

/// <summary>
/// The append-only, hash-chained log of administrative actions, in the catalog database (<c>dyndb_audit</c>). Appends
/// from every silo sharing the catalog form one chain. Thread-safe.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> and answers the stored row.</summary>
    /// <exception cref="Errors.DynamicDbException"><see cref="Errors.ErrorCodes.AuditUnavailable"/> when the row could not be written.</exception>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A page of rows, oldest first (see <see cref="AuditQuery"/>).</summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Recomputes every row's hash in order and answers where the chain first breaks, if it does.</summary>
    Task<AuditChainStatus> VerifyAsync(CancellationToken cancellationToken = default);
}
