namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>
/// Turns on write tracking for a PostgreSQL database connection (the replicated engine kind passes one; the plain
/// <c>postgres</c> kinds pass none and run as before): each write records its <c>txid_current()</c> in its own
/// transaction and a failure is marked with a <see cref="WriteAttempt"/>; a commit waiting for a synchronous standby
/// longer than <see cref="FailoverOptions.SyncStandbyTimeout"/> fails with <c>engine.no_sync_standby</c>.
/// </summary>
/// <param name="Options">The engine's failover settings.</param>
/// <param name="Time">The clock for the synchronous standby bound.</param>
public sealed record WriteSafety(FailoverOptions Options, TimeProvider Time)
{
    /// <summary>Tracking with <paramref name="options"/> on the system clock.</summary>
    public WriteSafety(FailoverOptions options)
        : this(options, TimeProvider.System)
    {
    }
}
