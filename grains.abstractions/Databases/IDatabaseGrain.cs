using Orleans.Concurrency;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// One logical database of one application. Key: <c>"{app}/{database}"</c>. Every statement for the database goes
/// through this grain. Statements of different sessions run concurrently (<see cref="ExecAsync"/>, <see cref="TransactionAsync"/>
/// and the interactive transaction calls interleave with every call; the grain keeps its own gate, which exclusive
/// operations — cut-over, drop, hibernation — close while they wait for statements in flight to end). The database is created on its first
/// call, hibernates (grain deactivation) after its idle timeout and wakes on the next call.
/// Failures are <see cref="Errors.DynamicDbException"/>s with a stable error code.
/// </summary>
[Alias("dyndb.IDatabaseGrain")]
public interface IDatabaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the database if it does not exist, on <paramref name="engineId"/> (null: the default engine), with its own
    /// hibernation timeout (null: the configured default; zero: never hibernate). For an existing database this changes
    /// nothing but its hibernation timeout (when one is given) and fails with <c>request.invalid</c> if it lives on another
    /// engine than the one asked for. The answer says whether this call created it.
    /// </summary>
    [ResponseTimeout("00:02:00")]
    Task<CreatedDatabase> CreateAsync(string? engineId = null, TimeSpan? hibernationTimeout = null, CancellationToken cancellationToken = default);

    /// <summary>Executes a statement that changes data or schema (creating the database on first use). Runs concurrently
    /// with other statements: the engine (or the server) orders writes.</summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:05:00")]
    Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default);

    /// <summary>Executes a statement that returns rows (creating the database on first use).</summary>
    [ReadOnly]
    [ResponseTimeout("00:05:00")]
    Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a statement that returns rows and answers its first page, so a large result is never built whole. When more
    /// rows follow, the page carries a cursor id for <see cref="NextPageAsync"/>; the cursor is closed when its last page
    /// is read, when the caps of <paramref name="paging"/> are reached (then the page says <see cref="QueryPage.Truncated"/>),
    /// when it is left unread for <c>DynamicDb:Databases:CursorIdleTimeout</c>, when it is older than
    /// <c>DynamicDb:Databases:QueryTimeout</c>, and when the database hibernates or is dropped.
    /// </summary>
    [ReadOnly]
    [ResponseTimeout("00:05:00")]
    Task<QueryPage> QueryPageAsync(Statement statement, QueryPaging paging, CancellationToken cancellationToken = default);

    /// <summary>
    /// The next page of an open cursor. Fails with <c>request.invalid</c> when the cursor is not open (read to the end,
    /// closed or expired) and with <c>sql.timeout</c> once it is older than <c>DynamicDb:Databases:QueryTimeout</c>.
    /// </summary>
    [ReadOnly]
    [ResponseTimeout("00:05:00")]
    Task<QueryPage> NextPageAsync(string cursor, CancellationToken cancellationToken = default);

    /// <summary>Closes an open cursor and frees what it holds; a cursor that is not open is ignored.</summary>
    [ReadOnly]
    Task CloseCursorAsync(string cursor, CancellationToken cancellationToken = default);

    /// <summary>Executes the statements in one transaction, all or nothing. Runs concurrently with other statements.</summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:05:00")]
    Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens an interactive transaction: it pins one engine connection until <see cref="CommitTransactionAsync"/> or
    /// <see cref="RollbackTransactionAsync"/>, statements in it see its own writes, and nothing it wrote is visible to others
    /// or kept before the commit. Interleaves with every other call: transactions and statements of other sessions run
    /// concurrently (on PostgreSQL engines on a pool; on <c>sqlite</c> a writing transaction holds the file's write lock).
    /// A transaction idle past its timeout is rolled back (later calls fail with <c>transaction.aborted</c> saying why).
    /// Fails with <c>transaction.limit</c> when the database has <c>MaxOpenTransactions</c> open, and
    /// <c>request.invalid</c> naming a bad idle timeout. Creates the database on first use.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:02:00")]
    Task<OpenTransaction> BeginTransactionAsync(TransactionOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a statement that changes data or schema inside transaction <paramref name="transactionId"/>. A failing statement
    /// leaves the transaction failed: later statements fail with <c>transaction.aborted</c> until it is rolled back.
    /// Fails with <c>transaction.not_found</c> for an unknown id and <c>transaction.aborted</c> when it was rolled back.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:05:00")]
    Task<ExecResult> ExecInTransactionAsync(string transactionId, Statement statement, CancellationToken cancellationToken = default);

    /// <summary>Runs a statement that returns rows inside transaction <paramref name="transactionId"/> (errors as for
    /// <see cref="ExecInTransactionAsync"/>).</summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:05:00")]
    Task<QueryResult> QueryInTransactionAsync(string transactionId, Statement statement, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits transaction <paramref name="transactionId"/> and releases its connection. A failed transaction is rolled back
    /// instead and the call fails with <c>transaction.aborted</c>. Fails with <c>transaction.not_found</c> for an unknown id.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:02:00")]
    Task CommitTransactionAsync(string transactionId, CancellationToken cancellationToken = default);

    /// <summary>Rolls transaction <paramref name="transactionId"/> back and releases its connection; an id that is not open
    /// (already ended, or unknown) is ignored, so a client may always roll back.</summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:02:00")]
    Task RollbackTransactionAsync(string transactionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the database runs right now: statements in flight and open interactive transactions with their sessions.
    /// Interleaves with everything and does not count as activity (it never keeps a database from hibernating).
    /// </summary>
    [AlwaysInterleave]
    Task<DatabaseActivity> GetActivityAsync(CancellationToken cancellationToken = default);

    /// <summary>The database's tables and columns, read from the engine's catalog.</summary>
    [ReadOnly]
    Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the database: closes it, moves its data aside (never deletes it) and marks it dropped in the catalog.
    /// Fails with <c>database.not_found</c> when it does not exist. Returns the entry with where the data went.
    /// </summary>
    [ResponseTimeout("00:02:00")]
    Task<DroppedDatabase> DropAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts moving the database to another engine while it keeps serving (docs/switching.md) and answers at once: state
    /// <see cref="SwitchStates.Running"/> with the switch id (wait for the end with <see cref="WaitForSwitchAsync"/>, or
    /// <see cref="SwitchingGrainExtensions.SwitchAndWaitAsync"/>). Fails with <c>request.invalid</c> naming the field
    /// (mode, timeout, same engine), <c>engine.unknown</c> naming the target, <c>database.not_found</c>, and
    /// <c>switch.conflict</c> naming the switch already running. A target that is unhealthy or cannot take the database is
    /// recorded as a failed switch (its error says why), with the database left where it was.
    /// </summary>
    [ResponseTimeout("00:02:00")]
    Task<SwitchResult> SwitchEngineAsync(SwitchRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits up to <paramref name="wait"/> for switch <paramref name="switchId"/> to end and answers where it is then (its
    /// history row once ended). Interleaves with everything: waiting blocks no statement. Fails with
    /// <c>switch.not_found</c> for an unknown id.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:02:00")]
    Task<SwitchResult> WaitForSwitchAsync(string switchId, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// How busy the database was over the last <paramref name="window"/> (statement p99, count, most in flight at once),
    /// from what this activation measured. Interleaves with everything and does not count as activity (it never keeps a
    /// database from hibernating) — but like any call it wakes a hibernated database: ask only active ones.
    /// </summary>
    [AlwaysInterleave]
    Task<DatabaseLoad> GetLoadAsync(TimeSpan window, CancellationToken cancellationToken = default);
}

/// <summary>The result of dropping a database.</summary>
/// <param name="Info">The catalog entry, now with status <see cref="DatabaseStatus.Dropped"/>.</param>
/// <param name="MovedTo">Where the data went: a folder, or a renamed server database.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.DroppedDatabase")]
public sealed record DroppedDatabase(DatabaseInfo Info, string MovedTo);

/// <summary>The result of asking for a database to exist (<see cref="IDatabaseGrain.CreateAsync"/>).</summary>
/// <param name="Info">The catalog entry.</param>
/// <param name="Created">True when this call created the database; false when it existed already.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.CreatedDatabase")]
public sealed record CreatedDatabase(DatabaseInfo Info, bool Created);
