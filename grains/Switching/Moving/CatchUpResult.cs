namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>What <see cref="DatabaseMover.CatchUpAsync"/> replayed.</summary>
/// <param name="LastSeq">The last applied change (the given afterSeq when none was applied).</param>
/// <param name="Applied">Changes applied.</param>
/// <param name="Remaining">Changes captured after <paramref name="LastSeq"/> that were present when the call ended.</param>
internal sealed record CatchUpResult(long LastSeq, int Applied, long Remaining);
