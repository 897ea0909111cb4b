namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>One standby as the last lag poll saw it.</summary>
/// <param name="Member">The member's name.</param>
/// <param name="ReplayedLsn">Its <c>pg_last_wal_replay_lsn()</c> as a byte offset; null when it did not answer.</param>
/// <param name="Lag">The time since it had replayed everything the primary had written (<see cref="PrimaryWalHistory"/>).</param>
/// <param name="Qualified">True when it may serve reads: it answered, is in recovery, and lags at most the bound.</param>
/// <param name="Why">Why it does not qualify (<c>unreachable</c>, <c>not_in_recovery</c>, <c>lagging</c>); null when it does.</param>
internal sealed record StandbyState(string Member, long? ReplayedLsn, TimeSpan Lag, bool Qualified, string? Why);
