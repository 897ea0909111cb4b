namespace Orleans.DynamicDb.Databases;

/// <summary>How to open an interactive transaction (<see cref="IDatabaseGrain.BeginTransactionAsync"/>).</summary>
/// <param name="SessionId">The session (PG-wire connection or HTTP client) that owns it; null when unknown. Listed with the
/// database's open transactions so a drain, switch or failover can name whose transaction it waits for or ends.</param>
/// <param name="ReadOnly">True: every statement in it runs read-only (<see cref="Statement.ReadOnly"/>), e.g. for a
/// read-only key or <c>BEGIN READ ONLY</c>.</param>
/// <param name="IdleTimeout">How long it may stay without a statement before the database rolls it back; null: the setting
/// <c>DynamicDb:Databases:TransactionIdleTimeout</c>. Capped by <c>DynamicDb:Databases:MaxTransactionIdleTimeout</c>.</param>
/// <param name="Isolation">Its isolation level; <see cref="TransactionIsolation.ReadCommitted"/> by default.</param>
/// <param name="Tier">The owning session's tier when it began (admission of the transaction's statements).</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.TransactionOptions")]
public sealed record TransactionOptions(string? SessionId = null, bool ReadOnly = false, TimeSpan? IdleTimeout = null, TransactionIsolation Isolation = TransactionIsolation.ReadCommitted, Tiers.Tier Tier = Tiers.Tier.Medium);
