using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// An interactive transaction on one pooled connection of a PostgreSQL database, logged in as the tenant role. A
/// read-only transaction is <c>BEGIN</c> + <c>SET TRANSACTION READ ONLY</c> + a query that takes its snapshot (after it
/// PostgreSQL refuses <c>SET TRANSACTION READ WRITE</c>, SQLSTATE 25001), so every write is refused (25006). A read-only
/// statement in a read-write transaction runs in a savepoint made read-only (<c>SET LOCAL transaction_read_only</c>) that
/// is rolled back after it, which ends the read-only mode and keeps nothing (a read-only statement wrote nothing).
/// Transaction control in tenant text is refused (<see cref="TransactionControl"/>) except savepoints (<c>SAVEPOINT</c>,
/// <c>RELEASE</c>, <c>ROLLBACK TO</c>), which PostgreSQL runs as written: <c>ROLLBACK TO</c> clears a failed
/// transaction's error state. The connection goes back to the
/// pool when the transaction ends (Npgsql resets it).
/// </summary>
internal sealed class PostgresTransaction : IDatabaseTransaction
{
    private const string ReadOnlySavepoint = "dyndb_read_only";
    private readonly PostgresDatabaseConnection _owner;
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private PostgresTransaction(PostgresDatabaseConnection owner, NpgsqlConnection connection, NpgsqlTransaction transaction, bool readOnly)
    {
        _owner = owner;
        _connection = connection;
        _transaction = transaction;
        ReadOnly = readOnly;
    }

    public bool ReadOnly { get; }

    /// <summary>Begins the transaction on <paramref name="connection"/>, which it owns from then on (also when this fails: the caller disposes it).</summary>
    internal static async Task<PostgresTransaction> BeginAsync(PostgresDatabaseConnection owner, NpgsqlConnection connection, bool readOnly, TransactionIsolation isolation, CancellationToken cancellationToken)
    {
        // BEGIN ISOLATION LEVEL ...: the level is set before the snapshot-taking query below (afterwards PostgreSQL refuses it).
        var level = isolation switch
        {
            TransactionIsolation.RepeatableRead => System.Data.IsolationLevel.RepeatableRead,
            TransactionIsolation.Serializable => System.Data.IsolationLevel.Serializable,
            _ => System.Data.IsolationLevel.ReadCommitted,
        };
        var transaction = await connection.BeginTransactionAsync(level, cancellationToken).ConfigureAwait(false);
        using var begin = new NpgsqlCommand(readOnly ? "SET TRANSACTION READ ONLY; SELECT" : "SELECT", connection, transaction);
        await begin.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresTransaction(owner, connection, transaction, readOnly);
    }

    public async Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        var transaction = Open();
        var prepared = _owner.Prepare(statement, allowSavepoints: true);
        if (!ReadOnly && prepared.ReadOnly)
        {
            return await InReadOnlySavepointAsync(prepared, async ct =>
                await PostgresDatabaseConnection.ExecuteAsync(_connection, transaction, prepared, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await PostgresDatabaseConnection.ExecuteAsync(_connection, transaction, prepared, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MapFailure(e) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        var transaction = Open();
        var prepared = _owner.Prepare(statement, allowSavepoints: true);
        if (!ReadOnly && prepared.ReadOnly)
        {
            return await InReadOnlySavepointAsync(prepared, ct => ReadAsync(transaction, prepared, ct), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await ReadAsync(transaction, prepared, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MapFailure(e) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var transaction = Open();
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_owner.Map(e) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            await EndAsync().ConfigureAwait(false);
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is not { } transaction)
        {
            return;
        }

        try
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or OperationCanceledException)
        {
            // A broken connection rolls back on the server by itself; the connection is let go below.
        }
        finally
        {
            await EndAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await RollbackAsync().ConfigureAwait(false);

    private NpgsqlTransaction Open() =>
        _transaction ?? throw new DynamicDbException(ErrorCodes.TransactionNotFound, $"The transaction on database '{_owner.Name.Database}' has ended.");

    private async Task EndAsync()
    {
        var transaction = _transaction;
        _transaction = null;
        if (transaction is not null)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<QueryResult> ReadAsync(NpgsqlTransaction transaction, PreparedStatement prepared, CancellationToken cancellationToken)
    {
        using var command = PostgresDatabaseConnection.CreateCommand(_connection, transaction, prepared);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await PostgresRowReader.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a read-only statement of a read-write transaction in a read-only savepoint, rolled back after it.</summary>
    private async Task<T> InReadOnlySavepointAsync<T>(PreparedStatement prepared, Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        var transaction = Open();
        try
        {
            await transaction.SaveAsync(ReadOnlySavepoint, cancellationToken).ConfigureAwait(false);
            using (var mode = new NpgsqlCommand("SET LOCAL transaction_read_only = on; SELECT", _connection, transaction))
            {
                await mode.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var result = await run(cancellationToken).ConfigureAwait(false);
            await transaction.RollbackAsync(ReadOnlySavepoint, cancellationToken).ConfigureAwait(false);
            await transaction.ReleaseAsync(ReadOnlySavepoint, cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (_owner.MapReadOnly(e) is { } mapped)
        {
            throw mapped;
        }
    }

    private DynamicDbException? MapFailure(Exception e) => ReadOnly ? _owner.MapReadOnly(e) : _owner.Map(e);
}
