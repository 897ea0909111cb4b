using System.Diagnostics;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>The copy and the replay of captured changes.</summary>
internal sealed partial class DatabaseMover
{
    /// <summary>
    /// Creates the tables on the target (translated DDL; auto-assigned keys stay auto-assigning and continue after the
    /// copied maximum), copies a consistent snapshot of the source (SQLite: one read transaction; PostgreSQL: REPEATABLE READ
    /// READ ONLY) with the fastest bulk path (PostgreSQL to PostgreSQL: binary COPY passed through; into PostgreSQL: COPY;
    /// into SQLite: prepared inserts in large transactions), then creates the indexes. Capture must be started on the source
    /// first: <see cref="CopyResult.SnapshotSeq"/> is the source's last captured change visible in the snapshot.
    /// </summary>
    /// <param name="plan">What to copy.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <param name="progress">Told the rows and bytes copied so far (all tables): every <see cref="ProgressRows"/> rows and after each table; null for none.</param>
    public async Task<CopyResult> CopyAsync(MovePlan plan, CancellationToken cancellationToken, Action<long, long>? progress = null)
    {
        var started = Stopwatch.GetTimestamp();
        var (source, sourceStore) = await OpenAsync(plan, MoveSide.Source, cancellationToken).ConfigureAwait(false);
        await using var sourceScope = source.ConfigureAwait(false);
        var (target, targetStore) = await OpenAsync(plan, MoveSide.Target, cancellationToken).ConfigureAwait(false);
        await using var targetScope = target.ConfigureAwait(false);
        var snapshot = await sourceStore.BeginSnapshotAsync(source, cancellationToken).ConfigureAwait(false);
        await using var snapshotScope = snapshot.ConfigureAwait(false);
        if (!await sourceStore.CaptureExistsAsync(source, snapshot, cancellationToken).ConfigureAwait(false))
        {
            throw MoveErrors.CaptureNotStarted(MoveSide.Source);
        }

        var snapshotSeq = await sourceStore.LastSeqAsync(source, snapshot, cancellationToken).ConfigureAwait(false);
        long rows = 0, bytes = 0;
        foreach (var table in plan.Tables)
        {
            await targetStore.CreateTableAsync(target, table, cancellationToken).ConfigureAwait(false);
            var (copied, size) = sourceStore.Dialect == SqlDialect.Postgres && targetStore.Dialect == SqlDialect.Postgres
                ? await PostgresMoveStore.CopyBinaryAsync(source, target, table, cancellationToken).ConfigureAwait(false)
                : await targetStore.WriteRowsAsync(target, table, Counted(sourceStore.ReadRowsAsync(source, snapshot, table, MoveSide.Source, cancellationToken), rows, bytes, progress), cancellationToken)
                    .ConfigureAwait(false);
            rows += copied;
            bytes += size;
            progress?.Invoke(rows, bytes);
        }

        await snapshot.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in plan.Tables)
        {
            await targetStore.CreateIndexesAsync(target, table, cancellationToken).ConfigureAwait(false);
        }

        await targetStore.ResetIdentityAsync(target, plan.Tables, cancellationToken).ConfigureAwait(false);
        var elapsed = ElapsedMs(started);
        Log.Copied(logger, plan.Name.Key, plan.SourceEngineId, plan.TargetEngineId, rows, bytes, snapshotSeq, elapsed);
        return new CopyResult(rows, bytes, snapshotSeq);
    }

    /// <summary>
    /// Replays the changes captured on <paramref name="from"/> with seq greater than <paramref name="afterSeq"/> onto the other
    /// side, in seq order, in transactions of up to <see cref="BatchSize"/> changes (idempotent row images: upsert by key,
    /// delete by key), at most <paramref name="maxChanges"/> (null: all present now). Returns the last applied seq, the
    /// number applied and how many were left behind it.
    /// </summary>
    public async Task<CatchUpResult> CatchUpAsync(MovePlan plan, MoveSide from, long afterSeq, int? maxChanges, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSeq);
        if (maxChanges is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxChanges), maxChanges, "maxChanges must be null or at least 0.");
        }

        var started = Stopwatch.GetTimestamp();
        var to = Other(from);
        var (reader, fromStore) = await OpenAsync(plan, from, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var (writer, toStore) = await OpenAsync(plan, to, cancellationToken).ConfigureAwait(false);
        await using var writerScope = writer.ConfigureAwait(false);
        if (!await fromStore.CaptureExistsAsync(reader, null, cancellationToken).ConfigureAwait(false))
        {
            throw MoveErrors.CaptureNotStarted(from);
        }

        // Everything present now, read up to this mark: a writer adding changes meanwhile does not keep the loop going.
        var mark = maxChanges is null ? await fromStore.LastSeqAsync(reader, null, cancellationToken).ConfigureAwait(false) : long.MaxValue;
        var last = afterSeq;
        var applied = 0;
        while (last < mark && (maxChanges is null || applied < maxChanges))
        {
            var limit = Math.Min(BatchSize, maxChanges is null ? BatchSize : maxChanges.Value - applied);
            var changes = await fromStore.ReadChangesAsync(reader, plan, from, last, limit, cancellationToken).ConfigureAwait(false);
            changes = changes.Where(c => c.Seq <= mark).ToList();
            if (changes.Count == 0)
            {
                break;
            }

            await toStore.ApplyAsync(writer, to, changes, cancellationToken).ConfigureAwait(false);
            last = changes[^1].Seq;
            applied += changes.Count;
        }

        if (applied > 0)
        {
            await toStore.ResetIdentityAsync(writer, plan.Tables, cancellationToken).ConfigureAwait(false);
        }

        var remaining = await fromStore.CountChangesAsync(reader, last, cancellationToken).ConfigureAwait(false);
        Log.CaughtUp(logger, plan.Name.Key, plan.Engine(from).Id, plan.Engine(to).Id, applied, last, remaining, ElapsedMs(started));
        return new CatchUpResult(last, applied, remaining);
    }
}
