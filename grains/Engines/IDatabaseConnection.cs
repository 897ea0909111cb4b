using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines;

/// <summary>
/// An open (awake) database. Thread-safe: calls may run concurrently (writes are serialised by the engine or the server).
/// Failures are <see cref="Errors.DynamicDbException"/>s with <c>sql.syntax</c>, <c>sql.error</c> or <c>sql.timeout</c>
/// carrying the engine's message, <c>request.invalid</c> for a placeholder/argument mismatch, or
/// <c>engine.unavailable</c> when the server cannot be reached. Disposing closes it.
/// </summary>
public interface IDatabaseConnection : IAsyncDisposable
{
    /// <summary>The database this connection serves.</summary>
    DatabaseName Name { get; }

    /// <summary>Executes a statement that changes data or schema.</summary>
    Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default);

    /// <summary>Executes a statement that returns rows.</summary>
    Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a statement that returns rows and hands back a cursor over them, so the caller reads them in batches
    /// (see <see cref="IRowCursor"/>). The cursor holds a connection until it is disposed.
    /// </summary>
    Task<IRowCursor> OpenCursorAsync(Statement statement, CancellationToken cancellationToken = default) =>
        OpenCursorAsync(statement, firstBatch: null, cancellationToken);

    /// <summary>
    /// Starts a statement that returns rows and hands back a cursor over them, like
    /// <see cref="OpenCursorAsync(Statement, CancellationToken)"/>; with <paramref name="firstBatch"/> the engine also reads
    /// the first batch within these limits in the same call (for SQLite: in the same worker turn), and the cursor's first
    /// <see cref="IRowCursor.ReadAsync"/> with the same limits answers it without calling the engine again. A failure of
    /// that first batch fails this call (and the cursor is ended).
    /// </summary>
    /// <remarks>The default reads the whole result first (so later reads cost nothing and it ignores
    /// <paramref name="firstBatch"/>); engines override it to stream.</remarks>
    async Task<IRowCursor> OpenCursorAsync(Statement statement, RowBatchLimits? firstBatch, CancellationToken cancellationToken = default) =>
        new BufferedRowCursor(await QueryAsync(statement, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Executes the statements in one transaction, all or nothing: when one fails nothing is kept, and the exception
    /// names the failing statement's position.
    /// </summary>
    Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins an interactive transaction that pins one connection of the database (a pooled server connection logged in
    /// as the tenant role, or a dedicated SQLite connection) until it ends. With <paramref name="readOnly"/> every
    /// statement in it runs read-only; otherwise a statement's own <see cref="Statement.ReadOnly"/> is honoured.
    /// </summary>
    Task<IDatabaseTransaction> BeginAsync(bool readOnly, TransactionIsolation isolation = TransactionIsolation.ReadCommitted, CancellationToken cancellationToken = default);

    /// <summary>The user tables and their columns.</summary>
    Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Hibernates the database: flushes it and releases its files, pools and processes (a managed instance is stopped
    /// and its port freed). Data stays on disk; <see cref="IDatabaseEngine.OpenAsync"/> wakes it again. Idempotent.
    /// </summary>
    Task CloseAsync(CancellationToken cancellationToken = default);
}
