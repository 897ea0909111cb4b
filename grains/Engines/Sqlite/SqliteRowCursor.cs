using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// A streaming SQLite query: the reader stays open on one pooled connection between batches, and each batch is read on
/// the engine's worker pool under the statement timeout. Disposing closes the reader and gives the connection back;
/// closing the database ends the cursor first (<see cref="EndAsync"/>), interrupting a batch being read.
/// </summary>
internal sealed class SqliteRowCursor : IRowCursor
{
    private readonly SqliteDatabaseConnection _database;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _command;
    private readonly SqliteDataReader _reader;
    private readonly SqliteConnectionPolicy.Scope _readOnlyScope;
    private readonly bool _readOnly;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _ending = new();
    private IReadOnlyList<object?>? _next;
    private bool _completed;
    private bool _failed;
    private bool _released;
    private bool _disposed;

    /// <summary>
    /// Takes ownership of the connection, command and reader of a started statement, and of its read-only scope
    /// (<see cref="SqliteDatabaseConnection.ReadOnlyScope"/>), ended after the reader: disposing the reader runs the rest
    /// of the text, which must be compiled read-only too.
    /// </summary>
    public SqliteRowCursor(
        SqliteDatabaseConnection database, SqliteConnection connection, SqliteCommand command, SqliteDataReader reader, SqliteConnectionPolicy.Scope readOnly)
    {
        _readOnlyScope = readOnly;
        _readOnly = readOnly.IsReadOnly;
        _database = database;
        _connection = connection;
        _command = command;
        _reader = reader;
        Columns = SqliteRows.Columns(reader);
    }

    public IReadOnlyList<string> Columns { get; }

    public async Task<RowBatch> ReadAsync(int maxRows, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_released)
            {
                throw _database.ClosedUnderCursor();
            }

            if (_failed)
            {
                // a statement that failed or was interrupted would start again from its first row if stepped on
                throw new InvalidOperationException("An earlier read of this cursor failed or was cancelled; dispose it and run the query again.");
            }

            if (_completed && _next is null)
            {
                return new RowBatch([], 0, Completed: true);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ending.Token);
            try
            {
                return await _database.OnWorkerAsync(
                    token => _database.Guard(_connection, () => Read(maxRows, maxBytes), token), linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_ending.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                _failed = true;
                throw _database.ClosedUnderCursor();
            }
            catch
            {
                _failed = true;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await EndAsync().ConfigureAwait(false);
        _database.Forget(this);
    }

    /// <summary>
    /// Ends the statement and gives the connection back: interrupts a batch being read, waits for it to stop, then closes
    /// the reader. Later reads fail with <c>engine.unavailable</c>. Idempotent.
    /// </summary>
    internal async Task EndAsync()
    {
        await _ending.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_released)
            {
                _released = true;
                _next = null;
                try
                {
                    _reader.Dispose();
                }
                finally
                {
                    _readOnlyScope.Dispose();
                    _command.Dispose();
                    _connection.Dispose();
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads one batch on a worker, under <see cref="SqliteDatabaseConnection.Guard"/>: called by
    /// <see cref="ReadAsync"/>, and by the start of the statement for a first batch before the cursor is handed out. One
    /// row is read ahead, so <see cref="RowBatch.Completed"/> is exact: a result of exactly <paramref name="maxRows"/> rows
    /// completes in one batch.
    /// </summary>
    internal RowBatch Read(int maxRows, long maxBytes)
    {
        var rows = new List<IReadOnlyList<object?>>(Math.Min(maxRows, 1024));
        long bytes = 0;
        while (rows.Count < maxRows && (rows.Count == 0 || bytes < maxBytes))
        {
            var row = _next ?? ReadNext();
            _next = null;
            if (row is null)
            {
                break;
            }

            rows.Add(row);
            bytes += RowSize.Of(row);
        }

        _next ??= ReadNext();
        return new RowBatch(rows, bytes, _completed && _next is null);
    }

    private IReadOnlyList<object?>? ReadNext()
    {
        if (_completed)
        {
            return null;
        }

        if (_reader.Read())
        {
            return SqliteRows.Current(_reader);
        }

        if (_readOnly)
        {
            // Runs the rest of the text now, inside the read-only scope and the guard, so a refused write is an error
            // (disposing the reader would run it too, but drop the failure).
            while (_reader.NextResult())
            {
            }
        }

        _completed = true;
        return null;
    }
}
