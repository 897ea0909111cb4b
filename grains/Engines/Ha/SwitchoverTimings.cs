namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Where the time of one planned switchover went, in milliseconds (statements are held from Drain to the end).</summary>
/// <param name="Primary">The new primary.</param>
/// <param name="Previous">The former primary (fenced).</param>
/// <param name="Epoch">The epoch after the switchover.</param>
/// <param name="PrepareMs">Before statements are held: the target's synchronous standbys set, the other standbys cascading from it.</param>
/// <param name="DrainMs">Holding new statements until those in flight finished.</param>
/// <param name="CatchUpMs">Until the target had replayed the primary's current WAL position.</param>
/// <param name="FenceMs">Persisting the layout and killing the former primary.</param>
/// <param name="PromoteMs">From <c>pg_promote(wait =&gt; false)</c> until the target left recovery.</param>
/// <param name="SyncStandbyMs">Until a synchronous standby had flushed the new primary's WAL (commits can be acknowledged).</param>
/// <param name="HeldMs">The whole time statements were held (drain to release), <see cref="ReleaseMs"/> included.</param>
public sealed record SwitchoverTimings(
    string Primary, string Previous, long Epoch, double PrepareMs, double DrainMs, double CatchUpMs, double FenceMs, double PromoteMs, double SyncStandbyMs, double HeldMs)
{
    /// <summary>Routing to the new primary and reopening the open databases there, before the held statements are released.</summary>
    public double ReleaseMs { get; init; }

    /// <summary>
    /// The first transaction id the new primary had not handed out, read right after its promotion, before anything was
    /// routed to it (the guard <see cref="Safety.FailoverRetry"/> needs against reused ids).
    /// </summary>
    public long NextTxid { get; init; }
}
