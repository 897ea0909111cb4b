using Orleans.DynamicDb.Runtime;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// One logical database of one application. Key: <c>"{app}/{database}"</c>. Every statement for the database goes
/// through this grain: writes run as ordered turns, reads interleave with reads. The database is created on its first
/// call, hibernates (grain deactivation) after its idle timeout and wakes on the next call.
/// Failures are <see cref="Errors.DynamicDbException"/>s with a stable error code.
/// </summary>
public interface IDatabaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the database if it does not exist, on <paramref name="engineId"/> (null: the default engine), with its own
    /// hibernation timeout (null: the configured default; zero: never hibernate). For an existing database this changes
    /// nothing and fails with <c>request.invalid</c> if it lives on another engine than the one asked for.
    /// </summary>
    [ResponseTimeout("00:02:00")]
    Task<DatabaseInfo> CreateAsync(string? engineId = null, TimeSpan? hibernationTimeout = null, CancellationToken cancellationToken = default);

    /// <summary>Executes a statement that changes data or schema (creating the database on first use).</summary>
    [ResponseTimeout("00:05:00")]
    Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default);

    /// <summary>Executes a statement that returns rows (creating the database on first use).</summary>
    [ReadOnly]
    [ResponseTimeout("00:05:00")]
    Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default);

    /// <summary>Executes the statements in one transaction, all or nothing.</summary>
    [ResponseTimeout("00:05:00")]
    Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default);

    /// <summary>The database's tables and columns, read from the engine's catalog.</summary>
    [ReadOnly]
    Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the database: closes it, moves its data aside (never deletes it) and marks it dropped in the catalog.
    /// Fails with <c>database.not_found</c> when it does not exist. Returns the entry with where the data went.
    /// </summary>
    [ResponseTimeout("00:02:00")]
    Task<DroppedDatabase> DropAsync(CancellationToken cancellationToken = default);
}

/// <summary>The result of dropping a database.</summary>
/// <param name="Info">The catalog entry, now with status <see cref="DatabaseStatus.Dropped"/>.</param>
/// <param name="MovedTo">Where the data went: a folder, or a renamed server database.</param>
[Immutable]
public sealed record DroppedDatabase(DatabaseInfo Info, string MovedTo);
