using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>Streaming queries: cursors that keep their reader open on one pooled connection between batches.</summary>
internal sealed partial class SqliteDatabaseConnection
{
    private readonly HashSet<SqliteRowCursor> _cursors = [];

    /// <summary>
    /// Starts the statement on the worker pool (under the statement timeout) and hands back a cursor that reads its rows
    /// in batches, each batch on the worker pool under the statement timeout. A statement that writes (e.g.
    /// <c>INSERT … RETURNING</c>) is read whole at once, so it never holds the write lock between batches. Closing the
    /// database ends the cursors still open. With <paramref name="firstBatch"/> the first batch is read in the same
    /// worker turn as the start (one hop to the worker pool for a query whose result fits in it).
    /// </summary>
    public async Task<IRowCursor> OpenCursorAsync(Statement statement, RowBatchLimits? firstBatch, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        if (firstBatch is { MaxRows: < 1 } invalid)
        {
            throw new ArgumentOutOfRangeException(nameof(firstBatch), invalid, "The first batch must allow at least one row.");
        }

        var prepared = PreparedStatement.From(statement, SqlDialect.Sqlite);
        var (cursor, first) = await OnWorkerAsync(token => StartCursor(prepared, firstBatch, token), cancellationToken).ConfigureAwait(false);
        if (cursor is not SqliteRowCursor streaming)
        {
            return cursor;
        }

        lock (_cursors)
        {
            if (_closed == 0)
            {
                _cursors.Add(streaming);
                return first is null ? streaming : new PrefetchedRowCursor(streaming, first, firstBatch!.Value);
            }
        }

        // closed while the statement started: nobody would end the cursor
        await streaming.DisposeAsync().ConfigureAwait(false);
        throw new ObjectDisposedException(GetType().FullName);
    }

    /// <summary>Called by a disposed cursor: the database no longer needs to end it.</summary>
    internal void Forget(SqliteRowCursor cursor)
    {
        lock (_cursors)
        {
            _cursors.Remove(cursor);
        }
    }

    /// <summary>The error a cursor reports when the database closed under it.</summary>
    internal DynamicDbException ClosedUnderCursor() => new(ErrorCodes.EngineUnavailable,
        $"The database {name} was closed (hibernated, dropped or shut down) while a query result was being read; run the query again.",
        isTransient: true);

    /// <summary>
    /// Runs on a worker: starts the statement and, when <paramref name="firstBatch"/> is given, reads the first batch of a
    /// streaming cursor under the same guard (statement timeout, interruption).
    /// </summary>
    private (IRowCursor Cursor, RowBatch? First) StartCursor(PreparedStatement prepared, RowBatchLimits? firstBatch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        var connection = Open();
        SqliteCommand? command = null;
        SqliteDataReader? reader = null;
        var readOnly = ReadOnlyScope(connection, prepared);
        try
        {
            command = CreateCommand(connection, null, prepared);
            var (cursor, first) = Guard<(IRowCursor Cursor, RowBatch? First)>(connection, () =>
            {
                reader = command.ExecuteReader();
                if (!SqliteTransactionState.HoldsWriteLock(connection))
                {
                    var streaming = new SqliteRowCursor(this, connection, command, reader, readOnly);
                    return (streaming, firstBatch is { } limits ? streaming.Read(limits.MaxRows, limits.MaxBytes) : null);
                }

                var columns = SqliteRows.Columns(reader);
                var rows = new List<IReadOnlyList<object?>>();
                while (reader.Read())
                {
                    rows.Add(SqliteRows.Current(reader));
                }

                return (new BufferedRowCursor(new QueryResult(columns, rows)), null);
            }, cancellationToken);
            if (cursor is BufferedRowCursor)
            {
                Dispose(reader, command, connection, readOnly);
            }

            return (cursor, first);
        }
        catch
        {
            Dispose(reader, command, connection, readOnly);
            throw;
        }
    }

    /// <summary>Disposes what a statement held; the read-only scope ends after the reader (whose disposal runs the rest of the text).</summary>
    private static void Dispose(SqliteDataReader? reader, SqliteCommand? command, SqliteConnection connection, SqliteConnectionPolicy.Scope readOnly)
    {
        try
        {
            reader?.Dispose();
        }
        finally
        {
            readOnly.Dispose();
            command?.Dispose();
            connection.Dispose();
        }
    }

    private async Task EndCursorsAsync()
    {
        SqliteRowCursor[] open;
        lock (_cursors)
        {
            open = [.. _cursors];
            _cursors.Clear();
        }

        foreach (var cursor in open)
        {
            await cursor.EndAsync().ConfigureAwait(false);
        }
    }
}
