using System.Data.Common;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>What the mover does on one engine dialect, over a direct connection (see <see cref="IDirectAccessEngine"/>).</summary>
internal abstract class MoveStore
{
    /// <summary>The dialect this store speaks.</summary>
    public abstract SqlDialect Dialect { get; }

    /// <summary>Every table (including reserved <c>_dyndb_</c> ones), in name order.</summary>
    public abstract Task<IReadOnlyList<StoreTable>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The database's size in bytes.</summary>
    public abstract Task<long> SizeAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="table"/> as the plan's target.</summary>
    public abstract Task CreateTableAsync(DbConnection connection, TableMove table, CancellationToken cancellationToken);

    /// <summary>Creates the table's secondary indexes as the plan's target.</summary>
    public abstract Task CreateIndexesAsync(DbConnection connection, TableMove table, CancellationToken cancellationToken);

    /// <summary>Installs the change table and the row triggers of <paramref name="tables"/> (idempotent).</summary>
    public abstract Task StartCaptureAsync(DbConnection connection, IReadOnlyList<TableMove> tables, CancellationToken cancellationToken);

    /// <summary>Drops every mover trigger and the change table (idempotent).</summary>
    public abstract Task StopCaptureAsync(DbConnection connection, IReadOnlyList<TableMove> tables, CancellationToken cancellationToken);

    /// <summary>True when the change table exists.</summary>
    public abstract Task<bool> CaptureExistsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>The highest captured seq (0 when none), inside <paramref name="transaction"/> when given.</summary>
    public abstract Task<long> LastSeqAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Starts a read transaction whose snapshot is taken now and stays fixed.</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The table's rows in canonical values (see <see cref="MoveValues"/>), read as the side <paramref name="side"/>.</summary>
    public abstract IAsyncEnumerable<object?[]> ReadRowsAsync(
        DbConnection connection, DbTransaction? transaction, TableMove table, MoveSide side, CancellationToken cancellationToken);

    /// <summary>Inserts rows (canonical values) into the table as the target; returns rows and approximate bytes.</summary>
    public abstract Task<(long Rows, long Bytes)> WriteRowsAsync(
        DbConnection connection, TableMove table, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> captured changes after <paramref name="afterSeq"/>, in seq order.</summary>
    public abstract Task<IReadOnlyList<MoveChange>> ReadChangesAsync(
        DbConnection connection, MovePlan plan, MoveSide side, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>How many changes were captured after <paramref name="afterSeq"/>.</summary>
    public abstract Task<long> CountChangesAsync(DbConnection connection, long afterSeq, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="changes"/> in one transaction, as the side <paramref name="side"/> (upsert/delete by key).</summary>
    public abstract Task ApplyAsync(DbConnection connection, MoveSide side, IReadOnlyList<MoveChange> changes, CancellationToken cancellationToken);

    /// <summary>Makes auto-assigned keys continue after the highest present (nothing to do on SQLite).</summary>
    public virtual Task ResetIdentityAsync(DbConnection connection, IReadOnlyList<TableMove> tables, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The store of <paramref name="dialect"/>.</summary>
    public static MoveStore For(SqlDialect dialect) => dialect == SqlDialect.Sqlite ? SqliteMoveStore.Instance : PostgresMoveStore.Instance;
}
