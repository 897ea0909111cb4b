using System.Data.Common;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>Schema checks, snapshots, validation and clean-up.</summary>
internal sealed partial class DatabaseMover
{
    /// <summary>Throws <c>switch.aborted</c> naming the table when that side's tables or columns differ from the plan (DDL during the move).</summary>
    public async Task EnsureSchemaUnchangedAsync(MovePlan plan, MoveSide side, CancellationToken cancellationToken)
    {
        var (connection, store) = await OpenAsync(plan, side, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<StoreTable> tables;
        await using (connection.ConfigureAwait(false))
        {
            tables = await store.ReadTablesAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        var differences = new List<string>();
        foreach (var planned in plan.Tables)
        {
            var found = tables.FirstOrDefault(t => t.Name == planned.Name);
            if (found is null)
            {
                differences.Add($"table '{planned.Name}' was dropped or renamed");
                continue;
            }

            var now = found.Columns.Select(c => $"{c.Name} {c.Type}").ToList();
            var expected = planned.Columns.Select(c => $"{c.Name} {c.TypeOn(side)}").ToList();
            if (!now.SequenceEqual(expected))
            {
                differences.Add($"table '{planned.Name}' has the columns ({string.Join(", ", now)}) instead of ({string.Join(", ", expected)})");
            }
        }

        foreach (var extra in tables.Where(t => !MovePlanner.IsOwnChangeTable(t) && plan.Table(t.Name) is null))
        {
            differences.Add($"table '{extra.Name}' was created");
        }

        if (differences.Count > 0)
        {
            var aborted = MoveErrors.SchemaChanged(side.ToString().ToLowerInvariant(), differences);
            Log.SchemaChanged(logger, plan.Name.Key, plan.Engine(side).Id, aborted.Message);
            throw aborted;
        }
    }

    /// <summary>
    /// Opens a read snapshot of one side that stays fixed while that side takes new writes (cheap: one connection and one
    /// read, meant for the cut-over turn); <see cref="ValidateAsync"/> reads it later. The caller disposes it.
    /// </summary>
    public async Task<SideSnapshot> HoldSnapshotAsync(MovePlan plan, MoveSide side, CancellationToken cancellationToken)
    {
        var (connection, store) = await OpenAsync(plan, side, cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await store.BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
            return new SideSnapshot(side, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Per table: row count and content checksum (see <see cref="TableChecksum"/>) of the source (its current state, or
    /// <paramref name="sourceSnapshot"/>) and of the target (current, or <paramref name="targetSnapshot"/>). Change tables are
    /// excluded. Passed when every table matches. The snapshots stay open (the caller disposes them).
    /// </summary>
    public async Task<ValidationReport> ValidateAsync(MovePlan plan, SideSnapshot? sourceSnapshot, SideSnapshot? targetSnapshot, CancellationToken cancellationToken)
    {
        if (sourceSnapshot is { Side: not MoveSide.Source } || targetSnapshot is { Side: not MoveSide.Target })
        {
            throw new ArgumentException("The snapshots must be of the source and of the target, in that order.");
        }

        var source = sourceSnapshot ?? await HoldSnapshotAsync(plan, MoveSide.Source, cancellationToken).ConfigureAwait(false);
        var target = targetSnapshot ?? await HoldSnapshotAsync(plan, MoveSide.Target, cancellationToken).ConfigureAwait(false);
        try
        {
            var tables = new List<TableValidation>();
            var mismatches = new List<string>();
            foreach (var table in plan.Tables)
            {
                var (sourceSum, sourceProblem) = await ChecksumAsync(plan, source, table, cancellationToken).ConfigureAwait(false);
                var (targetSum, targetProblem) = await ChecksumAsync(plan, target, table, cancellationToken).ConfigureAwait(false);
                var match = sourceProblem is null && targetProblem is null && sourceSum.Rows == targetSum.Rows && sourceSum.Hex == targetSum.Hex;
                tables.Add(new TableValidation(table.Name, sourceSum.Rows, targetSum.Rows, sourceSum.Hex, targetSum.Hex, match));
                if (!match)
                {
                    mismatches.Add(sourceProblem ?? targetProblem ?? (sourceSum.Rows != targetSum.Rows
                        ? $"table '{table.Name}': {sourceSum.Rows} rows on the source, {targetSum.Rows} on the target"
                        : $"table '{table.Name}': same row count ({sourceSum.Rows}) but different content (checksum {sourceSum.Hex} on the source, {targetSum.Hex} on the target)"));
                }
            }

            var report = new ValidationReport(mismatches.Count == 0, tables, mismatches);
            Log.Validated(logger, plan.Name.Key, plan.SourceEngineId, plan.TargetEngineId, report.Passed, tables.Count, string.Join("; ", mismatches));
            return report;
        }
        finally
        {
            if (sourceSnapshot is null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }

            if (targetSnapshot is null)
            {
                await target.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drops the triggers and change tables on both sides (idempotent); a side that cannot be reached is logged and skipped.</summary>
    public async Task StopCaptureAsync(MovePlan plan, CancellationToken cancellationToken)
    {
        foreach (var side in new[] { MoveSide.Source, MoveSide.Target })
        {
            try
            {
                var (connection, store) = await OpenAsync(plan, side, cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    await store.StopCaptureAsync(connection, plan.Tables, cancellationToken).ConfigureAwait(false);
                }

                Log.CaptureStopped(logger, plan.Name.Key, plan.Engine(side).Id);
            }
            catch (Exception e) when (e is DbException or DynamicDbException or IOException or TimeoutException or InvalidOperationException)
            {
                Log.CaptureStopFailed(logger, e, plan.Name.Key, plan.Engine(side).Id);
            }
        }
    }

    private static async Task<(TableChecksum Sum, string? Problem)> ChecksumAsync(MovePlan plan, SideSnapshot snapshot, TableMove table, CancellationToken cancellationToken)
    {
        var store = MoveStore.For(plan.Direct(snapshot.Side).Dialect);
        var sum = new TableChecksum();
        try
        {
            await foreach (var row in store.ReadRowsAsync(snapshot.Connection, snapshot.Transaction, table, snapshot.Side, cancellationToken).ConfigureAwait(false))
            {
                sum.Add(row);
            }

            return (sum, null);
        }
        catch (Exception e) when (e is DbException or DynamicDbException)
        {
            return (sum, $"table '{table.Name}' cannot be read on the {snapshot.Side.ToString().ToLowerInvariant()} ({plan.Engine(snapshot.Side).Id}): {e.Message}");
        }
    }
}
