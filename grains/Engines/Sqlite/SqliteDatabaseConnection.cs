using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// An open SQLite database: pooled connections to its file, writes serialised by a gate (SQLite has one writer anyway),
/// reads concurrent (WAL), every statement bounded by the statement timeout. All SQLite work runs on the engine's worker
/// pool in the application's turn (see <see cref="Workers.FairWorkerPool"/>), never on the caller's thread.
/// </summary>
internal sealed partial class SqliteDatabaseConnection(
    DatabaseName name, SqliteEngine engine, string connectionString, EngineOptions options, ILogger logger) : IDatabaseConnection
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _closed;
    private volatile bool _transactionHoldsWriter;

    public DatabaseName Name => name;

    /// <summary>
    /// Creates the file when missing; opening configures the connection, which puts the file in WAL mode (a property of
    /// the file: set once, it stays). With <paramref name="check"/>, runs the wake integrity check
    /// (<see cref="SqliteWakeCheck"/>) and answers its problem lines, empty when the database is sound.
    /// </summary>
    internal IReadOnlyList<string> Initialize(bool check, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        if (!check)
        {
            return [];
        }

        try
        {
            return SqliteWakeCheck.Run(connection, cancellationToken);
        }
        catch (SqliteException e)
        {
            // Not corruption (the check answers that as problem lines): an I/O error, a full disk, a lock.
            throw SqliteErrors.Map(e, name, connection);
        }
    }

    public async Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedStatement.From(statement, SqlDialect.Sqlite);
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await OnWorkerAsync(token =>
            {
                using var connection = Open();
                return Execute(connection, null, prepared, token);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        var prepared = PreparedStatement.From(statement, SqlDialect.Sqlite);
        return await OnWorkerAsync(token =>
        {
            ObjectDisposedException.ThrowIf(_closed != 0, this);
            using var connection = Open();
            using var readOnly = ReadOnlyScope(connection, prepared);
            using var command = CreateCommand(connection, null, prepared);
            return Guard(connection, () =>
            {
                IReadOnlyList<string> columns;
                IReadOnlyList<string> types;
                var rows = new List<IReadOnlyList<object?>>();
                using (var reader = command.ExecuteReader())
                {
                    columns = SqliteRows.Columns(reader);
                    types = SqliteRows.Types(reader);
                    while (reader.Read())
                    {
                        rows.Add(SqliteRows.Current(reader));
                    }
                }

                ThrowIfRefusedReadOnly(connection, prepared);
                return new QueryResult(columns, rows) { ColumnTypes = types };
            }, token);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedStatement.FromAll(statements, SqlDialect.Sqlite);
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await OnWorkerAsync(token => RunTransaction(prepared, token), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Begins an interactive transaction. A read-write one first takes the write gate (waiting asynchronously, never on a
    /// worker, up to the busy timeout) and holds it until it ends, so it runs <c>BEGIN IMMEDIATE</c> without ever meeting
    /// SQLite's busy handler; a read-only one runs <c>BEGIN DEFERRED</c> past the gate and never blocks a writer (WAL).
    /// </summary>
    /// <remarks>SQLite transactions are serializable, so every <paramref name="isolation"/> is met.</remarks>
    public async Task<IDatabaseTransaction> BeginAsync(bool readOnly, TransactionIsolation isolation = TransactionIsolation.ReadCommitted, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        if (readOnly)
        {
            return await OnWorkerAsync(token =>
            {
                ObjectDisposedException.ThrowIf(_closed != 0, this);
                return SqliteInteractiveTransaction.Begin(this, name, readOnly: true, releaseWriter: null, token);
            }, cancellationToken).ConfigureAwait(false);
        }

        await EnterWriteAsync(cancellationToken, forTransaction: true).ConfigureAwait(false);
        _transactionHoldsWriter = true;
        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                _transactionHoldsWriter = false;
                _writeGate.Release();
            }
        }

        try
        {
            return await OnWorkerAsync(token =>
            {
                ObjectDisposedException.ThrowIf(_closed != 0, this);
                return SqliteInteractiveTransaction.Begin(this, name, readOnly: false, Release, token);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release();
            throw;
        }
    }

    public async Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        return await OnWorkerAsync(token =>
        {
            ObjectDisposedException.ThrowIf(_closed != 0, this);
            using var connection = Open();
            return Guard(connection, () => SqliteSchemaReader.Read(connection), token);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await EndCursorsAsync().ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await engine.Workers.RunCleanupAsync(name.App, token =>
            {
                if (File.Exists(engine.FilePath(name)))
                {
                    using var connection = Open();
                    Run(connection, "PRAGMA wal_checkpoint(TRUNCATE)", token);
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            using (var pooled = new SqliteConnection(connectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            _writeGate.Release();
        }

        EngineLog.DatabaseClosed(logger, name.FullName, engine.Id, EngineLog.ElapsedMs(started));
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    /// <summary>
    /// Runs SQLite work on the engine's worker pool in this application's turn. Work that opens a connection checks
    /// first that the database was not closed while it waited (it would reopen the file behind the hibernation).
    /// </summary>
    internal Task<T> OnWorkerAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken) =>
        engine.Workers.RunAsync(name.App, work, cancellationToken);

    /// <summary>Cleanup work (a rollback, closing a connection) on the engine's worker pool; it runs even after a close began.</summary>
    internal Task<T> OnCleanupAsync<T>(Func<CancellationToken, T> work) =>
        engine.Workers.RunCleanupAsync(name.App, work, CancellationToken.None);

    private IReadOnlyList<ExecResult> RunTransaction(PreparedStatement[] prepared, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var results = new ExecResult[prepared.Length];
        for (var i = 0; i < prepared.Length; i++)
        {
            try
            {
                results[i] = Execute(connection, transaction, prepared[i], cancellationToken);
            }
            catch (DynamicDbException e)
            {
                throw PreparedStatement.AtPosition(e, i, prepared.Length);
            }
        }

        Guard(connection, () =>
        {
            transaction.Commit();
            return true;
        }, cancellationToken);
        return results;
    }

    /// <summary>
    /// Takes the write gate, waiting asynchronously. An interactive transaction waits up to the busy timeout; an autocommit
    /// write waits behind other autocommit writes as long as its caller lets it, but fails once it waited the busy timeout
    /// while an interactive transaction held the writer (as SQLite's busy handler would have). Either failure is a
    /// transient <c>sql.timeout</c> naming the setting.
    /// </summary>
    private async Task EnterWriteAsync(CancellationToken cancellationToken, bool forTransaction = false)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        while (!await _writeGate.WaitAsync(options.BusyTimeout, cancellationToken).ConfigureAwait(false))
        {
            if (forTransaction || _transactionHoldsWriter)
            {
                throw new DynamicDbException(ErrorCodes.SqlTimeout,
                    $"The database {name} stayed locked by an open write transaction longer than the busy timeout of {options.BusyTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s (setting BusyTimeout of engine '{options.Id}' under {EngineRegistryOptions.SectionName}); retry when it ends.",
                    isTransient: true);
            }
        }

        if (_closed != 0)
        {
            _writeGate.Release();
            ObjectDisposedException.ThrowIf(true, this);
        }
    }
}
