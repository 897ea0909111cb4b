namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>What <see cref="DatabaseMover.CopyAsync"/> copied.</summary>
/// <param name="Rows">Rows copied, all tables.</param>
/// <param name="Bytes">Approximate bytes of the values copied.</param>
/// <param name="SnapshotSeq">The source's highest captured change visible in the copied snapshot: catch up after it.</param>
internal sealed record CopyResult(long Rows, long Bytes, long SnapshotSeq);
