using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// Copies one database from a source engine to a target engine of any kind while the source keeps taking writes: plans
/// (translating and refusing up front), captures every write after the snapshot in commit order, copies a consistent
/// snapshot, replays the captured changes, and compares both sides. Stateless: every call opens its own direct connections
/// (see <see cref="IDirectAccessEngine"/>); the caller (the database grain) orders the steps. Thread-safe.
/// </summary>
internal sealed partial class DatabaseMover(ILogger<DatabaseMover> logger)
{
    /// <summary>Changes per transaction when catching up. Default: 1000.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>How much room a target needs, as a multiple of the source's size: 1.2.</summary>
    public const double RoomFactor = 1.2;

    /// <summary>Changes applied per transaction by <see cref="CatchUpAsync"/>.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>
    /// Reads the source schema (tables, columns, declared types, NOT NULL, primary keys, literal defaults, indexes),
    /// translates each to the target's dialect and refuses (<c>switch.refused</c>) before touching anything, naming every
    /// table, column and type that cannot move, a target that is not empty, and a target without room (source size × 1.2
    /// greater than its free bytes).
    /// </summary>
    public async Task<MovePlan> PlanAsync(IDatabaseEngine source, IDatabaseEngine target, DatabaseName name, CancellationToken cancellationToken)
    {
        var context = new MovePlanContext(name.Key, source.Id, target.Id);
        if (source is not IDirectAccessEngine sourceDirect || target is not IDirectAccessEngine targetDirect)
        {
            var which = source is IDirectAccessEngine ? target : source;
            throw MoveErrors.Refused(context, [$"engine '{which.Id}' of kind {which.Kind} gives the mover no direct access to its databases"]);
        }

        if (source.Id == target.Id)
        {
            throw MoveErrors.Refused(context, ["the source and the target are the same engine"]);
        }

        var sourceStore = MoveStore.For(sourceDirect.Dialect);
        var targetStore = MoveStore.For(targetDirect.Dialect);
        IReadOnlyList<StoreTable> sourceTables, targetTables;
        long size;
        var sourceConnection = await sourceDirect.OpenDirectAsync(name, cancellationToken).ConfigureAwait(false);
        await using (sourceConnection.ConfigureAwait(false))
        {
            sourceTables = await sourceStore.ReadTablesAsync(sourceConnection, cancellationToken).ConfigureAwait(false);
            size = await sourceStore.SizeAsync(sourceConnection, cancellationToken).ConfigureAwait(false);
        }

        var targetConnection = await targetDirect.OpenDirectAsync(name, cancellationToken).ConfigureAwait(false);
        await using (targetConnection.ConfigureAwait(false))
        {
            targetTables = await targetStore.ReadTablesAsync(targetConnection, cancellationToken).ConfigureAwait(false);
        }

        var reasons = new List<string>();
        var tables = MovePlanner.Translate(sourceDirect.Dialect, targetDirect.Dialect, sourceTables, reasons);
        var occupied = targetTables.Where(t => !MovePlanner.IsOwnChangeTable(t)).Select(t => $"'{t.Name}'").ToList();
        if (occupied.Count > 0)
        {
            reasons.Add($"the target database is not empty (tables {string.Join(", ", occupied)}): drop it on engine '{target.Id}' first");
        }

        var free = targetDirect.FreeBytes(name);
        if (free is { } room && size * RoomFactor > room)
        {
            reasons.Add($"engine '{target.Id}' has no room: the database takes {size} bytes and needs {(long)(size * RoomFactor)} free, but {room} are free");
        }

        if (reasons.Count > 0)
        {
            var refused = MoveErrors.Refused(context, reasons);
            Log.Refused(logger, name.Key, source.Id, target.Id, refused.Message);
            throw refused;
        }

        Log.Planned(logger, name.Key, source.Id, target.Id, tables.Count, size);
        return new MovePlan(name, source, target, tables, size);
    }

    /// <summary>
    /// Installs change capture on one side: the table <c>_dyndb_changes</c> (seq increasing in commit order, table name,
    /// operation, the row image: the full new row for insert/update, the key for delete; an update that changes the key is
    /// a delete and an insert) and AFTER INSERT/UPDATE/DELETE row triggers on every planned table. Idempotent.
    /// </summary>
    public async Task StartCaptureAsync(MovePlan plan, MoveSide side, CancellationToken cancellationToken)
    {
        var (connection, store) = await OpenAsync(plan, side, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await store.StartCaptureAsync(connection, plan.Tables, cancellationToken).ConfigureAwait(false);
        }

        Log.CaptureStarted(logger, plan.Name.Key, plan.Engine(side).Id, plan.Tables.Count);
    }

    /// <summary>The highest captured seq on that side (0 when none).</summary>
    public async Task<long> LastSeqAsync(MovePlan plan, MoveSide side, CancellationToken cancellationToken)
    {
        var (connection, store) = await OpenAsync(plan, side, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (!await store.CaptureExistsAsync(connection, null, cancellationToken).ConfigureAwait(false))
            {
                throw MoveErrors.CaptureNotStarted(side);
            }

            return await store.LastSeqAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The same plan with source and target exchanged (switching back).</summary>
    public MovePlan Reverse(MovePlan plan) =>
        plan with { Source = plan.Target, Target = plan.Source, Tables = plan.Tables.Select(t => t.Reversed()).ToList() };

    private static async Task<(DbConnection Connection, MoveStore Store)> OpenAsync(MovePlan plan, MoveSide side, CancellationToken cancellationToken)
    {
        var direct = plan.Direct(side);
        return (await direct.OpenDirectAsync(plan.Name, cancellationToken).ConfigureAwait(false), MoveStore.For(direct.Dialect));
    }

    private static MoveSide Other(MoveSide side) => side == MoveSide.Source ? MoveSide.Target : MoveSide.Source;

    private static double ElapsedMs(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
