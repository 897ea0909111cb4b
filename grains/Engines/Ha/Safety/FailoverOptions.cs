namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>
/// How statements survive a failover of a replicated engine, bound from <c>DynamicDb:Engines:N:Failover:*</c> (the seed's
/// <c>failover_attempts</c> and <c>failover_delay</c>). Ignored by kinds that do not fail over. Validated at start-up by
/// <see cref="FailoverOptionsValidator"/>.
/// </summary>
public sealed class FailoverOptions
{
    /// <summary>
    /// The most times a statement is run in all when its earlier tries failed in a way that is safe to retry (a read, a
    /// statement that never reached the server, a write known not to have committed). 1 disables retries; at most 10.
    /// Default: 3.
    /// </summary>
    public int Attempts { get; set; } = 3;

    /// <summary>The wait before the second try; every later wait doubles it (exponential backoff). Zero retries at once. Default: 1 second.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest a write's commit may wait for a synchronous standby to confirm it; after that the wait is cancelled and
    /// the write fails with <c>engine.no_sync_standby</c> (it is never acknowledged as if it were replicated). Zero
    /// waits without limit, as PostgreSQL does. Default: 10 seconds.
    /// </summary>
    public TimeSpan SyncStandbyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the outcome of an interrupted write may still be 'in progress' on the new primary (it is asked again
    /// every 100 ms) before the outcome counts as unknown (<c>sql.outcome_unknown</c>). Default: 5 seconds.
    /// </summary>
    public TimeSpan OutcomeWait { get; set; } = TimeSpan.FromSeconds(5);
}
