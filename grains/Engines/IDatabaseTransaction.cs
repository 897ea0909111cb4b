using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines;

/// <summary>
/// An interactive transaction on one engine connection (<see cref="IDatabaseConnection.BeginAsync"/>): it pins that
/// connection until <see cref="CommitAsync"/>, <see cref="RollbackAsync"/> or <see cref="IAsyncDisposable.DisposeAsync"/>
/// (which rolls back when still open). Not thread-safe: one statement at a time (the database grain sees to that).
/// Statements fail like those of <see cref="IDatabaseConnection"/>; after a failure the engine's transaction is failed and
/// only a rollback is useful.
/// </summary>
public interface IDatabaseTransaction : IAsyncDisposable
{
    /// <summary>True when every statement in it runs read-only.</summary>
    bool ReadOnly { get; }

    /// <summary>Executes a statement that changes data or schema inside the transaction.</summary>
    Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default);

    /// <summary>Executes a statement that returns rows inside the transaction.</summary>
    Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default);

    /// <summary>Commits and releases the connection.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Rolls back and releases the connection; nothing when it has ended already.</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);
}
