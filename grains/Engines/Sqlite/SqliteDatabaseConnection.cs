using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// An open SQLite database: pooled connections to its file, writes serialised by a gate (SQLite has one writer anyway),
/// reads concurrent (WAL), every statement bounded by the statement timeout through sqlite3_interrupt.
/// </summary>
internal sealed class SqliteDatabaseConnection(
    DatabaseName name, SqliteEngine engine, string connectionString, EngineOptions options, ILogger logger) : IDatabaseConnection
{
    private const int Interrupted = 9;

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _closed;

    public DatabaseName Name => name;

    /// <summary>Creates the file when missing and puts it in WAL mode (a property of the file: set once, it stays).</summary>
    internal void Initialize(CancellationToken cancellationToken)
    {
        using var connection = Open();
        Run(connection, "PRAGMA journal_mode = WAL", cancellationToken);
    }

    public async Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedStatement.From(statement, SqlDialect.Sqlite);
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            return Execute(connection, null, prepared, cancellationToken);
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
        using var connection = Open();
        using var command = CreateCommand(connection, null, prepared);
        return Guard(connection, () =>
        {
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<IReadOnlyList<object?>>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = EngineValues.FromEngine(reader.GetValue(i));
                }

                rows.Add(row);
            }

            return new QueryResult(columns, rows);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedStatement.FromAll(statements, SqlDialect.Sqlite);
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
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
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        using var connection = Open();
        try
        {
            return await SqliteSchemaReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Map(e, name);
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(engine.FilePath(name)))
            {
                using var connection = Open();
                Run(connection, "PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
            }
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

    private async Task EnterWriteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_closed != 0)
        {
            _writeGate.Release();
            ObjectDisposedException.ThrowIf(true, this);
        }
    }

    private ExecResult Execute(SqliteConnection connection, SqliteTransaction? transaction, PreparedStatement prepared, CancellationToken cancellationToken)
    {
        using var command = CreateCommand(connection, transaction, prepared);
        return Guard(connection, () =>
        {
            SqliteNative.ResetLastInsertRowId(connection);
            var rows = command.ExecuteNonQuery();
            var rowId = SqliteNative.LastInsertRowId(connection);
            return new ExecResult(Math.Max(rows, 0), rowId != 0 ? rowId : null);
        }, cancellationToken);
    }

    private void Run(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = new SqliteCommand(sql, connection);
        Guard(connection, command.ExecuteNonQuery, cancellationToken);
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, SqliteTransaction? transaction, PreparedStatement prepared)
    {
        var command = new SqliteCommand(prepared.Sql, connection, transaction)
        {
            CommandTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        for (var i = 0; i < prepared.Args.Length; i++)
        {
            command.Parameters.AddWithValue("@p" + (i + 1).ToString(CultureInfo.InvariantCulture), prepared.Args[i] ?? DBNull.Value);
        }

        return command;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var pragmas = new SqliteCommand(
                $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON;", connection);
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw SqliteErrors.Map(e, name);
        }
    }

    /// <summary>Runs SQLite work under the statement timeout (interrupting the statement when it fires) and maps failures.</summary>
    private T Guard<T>(SqliteConnection connection, Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.StatementTimeout > TimeSpan.Zero)
        {
            deadline.CancelAfter(options.StatementTimeout);
        }

        using var interrupt = deadline.Token.Register(static state => SqliteNative.Interrupt((SqliteConnection)state!), connection);
        try
        {
            return work();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == Interrupted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new DynamicDbException(ErrorCodes.SqlTimeout,
                $"The statement ran longer than the statement timeout of {options.StatementTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was interrupted.",
                isTransient: true, e);
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Map(e, name);
        }
    }
}
