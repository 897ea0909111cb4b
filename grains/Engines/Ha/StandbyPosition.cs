namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// How far a standby's WAL reaches, read after the primary was fenced: <paramref name="FlushedLsn"/> from
/// <c>pg_last_wal_receive_lsn()</c> (received and flushed, what a synchronous acknowledgement promises) and
/// <paramref name="ReplayedLsn"/> from <c>pg_last_wal_replay_lsn()</c>; both null when the standby did not answer.
/// </summary>
internal readonly record struct StandbyPosition(string Name, long? FlushedLsn, long? ReplayedLsn)
{
    public bool Answered => FlushedLsn is not null || ReplayedLsn is not null;

    /// <summary>The end of the WAL the standby holds; it replays all of it when promoted.</summary>
    public long Reach => Math.Max(FlushedLsn ?? 0, ReplayedLsn ?? 0);
}
