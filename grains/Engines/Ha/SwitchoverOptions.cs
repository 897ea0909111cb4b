namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// The bounds of a <c>postgres-ha</c> engine's planned switchover (manual failover of a healthy primary, auto-fallback),
/// bound from <c>DynamicDb:Engines:N:Switchover:*</c>; while one runs, new statements are held at the engine's door, so
/// these bound the write pause. Ignored by other kinds. Validated at start-up by <see cref="SwitchoverOptionsValidator"/>.
/// </summary>
public sealed class SwitchoverOptions
{
    /// <summary>
    /// How long the statements in flight may take to finish once new ones are held; past it the switchover is aborted
    /// (<c>engine.failover_unsafe</c>) and the held statements go on to the old primary. More than 0, at most 1 minute.
    /// Default: 1 second.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the target may take to replay the primary's WAL once statements are held; past it the switchover is
    /// aborted the same way. More than 0, at most 1 minute. Default: 1 second.
    /// </summary>
    public TimeSpan CatchUpTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the switchover, still holding statements, spends reopening the open databases on the new primary before it
    /// releases them (those not reopened by then reopen at their next statement, as after a failover). 0 to 10 seconds.
    /// Default: 200 milliseconds.
    /// </summary>
    public TimeSpan ReopenBudget { get; set; } = TimeSpan.FromMilliseconds(200);
}
