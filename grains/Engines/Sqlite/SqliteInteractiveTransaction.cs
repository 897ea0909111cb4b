using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// An interactive transaction on a dedicated connection to the database file. A read-write one holds the connection's
/// write gate from its begin to its end (taken asynchronously by <see cref="SqliteDatabaseConnection.BeginAsync"/>) and
/// runs <c>BEGIN IMMEDIATE</c>, so it owns SQLite's write lock outright: its statements never wait in SQLite's busy
/// handler on a worker thread (which starved the lock holder of workers), and no read-to-write upgrade can fail with
/// SQLITE_BUSY. Other writers wait at the gate (asynchronously) up to the busy timeout and fail with a transient
/// <c>sql.timeout</c>, never hang. A read-only one runs <c>BEGIN DEFERRED</c> past the gate: readers keep reading (WAL)
/// and never block a writer. Each statement runs on the engine's worker pool in the application's turn, like every
/// SQLite statement. A read-only transaction (or statement) runs under the connection's read-only authorizer. Tenant
/// savepoints (<c>SAVEPOINT</c>, <c>RELEASE</c>, <c>ROLLBACK TO</c>) are allowed in it (<see cref="SqliteConnectionPolicy.AllowSavepoints"/>).
/// </summary>
internal sealed class SqliteInteractiveTransaction : IDatabaseTransaction
{
    private readonly SqliteDatabaseConnection _owner;
    private readonly DatabaseName _name;
    private SqliteTenantConnection? _connection;
    private SqliteTransaction? _transaction;
    private Action? _releaseWriter;

    private SqliteInteractiveTransaction(SqliteDatabaseConnection owner, DatabaseName name, SqliteTenantConnection connection, SqliteTransaction transaction, bool readOnly, Action? releaseWriter)
    {
        _releaseWriter = releaseWriter;
        _owner = owner;
        _name = name;
        _connection = connection;
        _transaction = transaction;
        ReadOnly = readOnly;
    }

    public bool ReadOnly { get; }

    /// <summary>
    /// Opens a connection and begins the transaction on it (on a worker): deferred when read-only, immediate otherwise
    /// (the caller holds the write gate then, and <paramref name="releaseWriter"/> gives it back once the transaction ended).
    /// </summary>
    internal static SqliteInteractiveTransaction Begin(SqliteDatabaseConnection owner, DatabaseName name, bool readOnly, Action? releaseWriter, CancellationToken cancellationToken)
    {
        var connection = owner.Open();
        try
        {
            var transaction = owner.Guard(connection, () => connection.BeginTransaction(deferred: readOnly), cancellationToken);
            connection.Policy.AllowSavepoints = true;
            return new SqliteInteractiveTransaction(owner, name, connection, transaction, readOnly, releaseWriter);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(statement);
        return _owner.OnWorkerAsync(token =>
        {
            var (connection, transaction) = Current();
            return _owner.Execute(connection, transaction, prepared, token);
        }, cancellationToken);
    }

    public Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(statement);
        return _owner.OnWorkerAsync(token =>
        {
            var (connection, transaction) = Current();
            using var readOnly = SqliteDatabaseConnection.ReadOnlyScope(connection, prepared);
            using var command = _owner.CreateCommand(connection, transaction, prepared);
            return _owner.Guard(connection, () =>
            {
                IReadOnlyList<string> columns;
                var rows = new List<IReadOnlyList<object?>>();
                using (var reader = command.ExecuteReader())
                {
                    columns = SqliteRows.Columns(reader);
                    while (reader.Read())
                    {
                        rows.Add(SqliteRows.Current(reader));
                    }
                }

                _owner.ThrowIfRefusedReadOnly(connection, prepared);
                return new QueryResult(columns, rows);
            }, token);
        }, cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        Current();
        try
        {
            await _owner.OnWorkerAsync(token =>
            {
                var (connection, transaction) = Current();
                return _owner.Guard(connection, () =>
                {
                    transaction.Commit();
                    return true;
                }, token);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        var (connection, transaction, releaseWriter) = (_connection, _transaction, _releaseWriter);
        (_connection, _transaction, _releaseWriter) = (null, null, null);
        if (connection is null)
        {
            return;
        }

        try
        {
            await CloseAsync(connection, transaction).ConfigureAwait(false);
        }
        finally
        {
            // Only once the connection let go of SQLite's write lock: the next writer must not meet it.
            releaseWriter?.Invoke();
        }
    }

    private Task<bool> CloseAsync(SqliteTenantConnection connection, SqliteTransaction? transaction)
    {
        // Disposing an open transaction rolls it back; a connection is pooled again only clean (SqliteTenantConnection).
        return _owner.OnCleanupAsync(_ =>
        {
            try
            {
                connection.Policy.AllowSavepoints = false;
                transaction?.Dispose();
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
                // The connection is closed below, which ends whatever it held.
                SqliteConnection.ClearPool(connection);
            }

            connection.Dispose();
            return true;
        });
    }

    public async ValueTask DisposeAsync() => await RollbackAsync().ConfigureAwait(false);

    private PreparedStatement Prepare(Statement statement)
    {
        var prepared = PreparedStatement.From(statement, SqlDialect.Sqlite);
        return ReadOnly ? prepared with { ReadOnly = true } : prepared;
    }

    private (SqliteTenantConnection Connection, SqliteTransaction Transaction) Current() =>
        _connection is { } connection && _transaction is { } transaction
            ? (connection, transaction)
            : throw new DynamicDbException(ErrorCodes.TransactionNotFound, $"The transaction on database '{_name.Database}' has ended.");
}
