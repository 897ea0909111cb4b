using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// A streaming cursor over one running PostgreSQL statement: rows are read off the connection as the caller asks for
/// them (Npgsql holds one row at a time), and the pooled connection stays with the cursor until it is disposed.
/// Disposing a cursor that has not reached the end cancels the statement on the server first, so the rest of a large
/// result is not transferred, then gives the connection back to its pool (which resets it before reuse).
/// </summary>
internal sealed class PostgresRowCursor : IRowCursor
{
    private readonly DatabaseName _name;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlDataReader _reader;
    private readonly Action _cancel;
    private readonly IAsyncDisposable _command;
    private readonly bool _readOnly;
    private readonly string[] _types;
    private bool _completed;
    private bool _disposed;

    /// <summary>
    /// Takes ownership of a started statement: its connection, its reader, how to cancel it and what ran it (a command or a
    /// batch). <paramref name="readOnly"/> marks a statement run read-only, whose refused writes are <c>statement.read_only</c>.
    /// </summary>
    internal PostgresRowCursor(DatabaseName name, NpgsqlConnection connection, NpgsqlDataReader reader, Action cancel, IAsyncDisposable command, bool readOnly)
    {
        _name = name;
        _connection = connection;
        _command = command;
        _cancel = cancel;
        _readOnly = readOnly;
        _reader = reader;
        (var columns, _types) = PostgresRowReader.Describe(reader);
        Columns = columns;
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Starts the command and returns a cursor that owns the connection, the command and the reader.</summary>
    public static async Task<PostgresRowCursor> StartAsync(DatabaseName name, NpgsqlConnection connection, NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresRowCursor(name, connection, reader, command.Cancel, command, readOnly: false);
    }

    public async Task<RowBatch> ReadAsync(int maxRows, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rows = new List<IReadOnlyList<object?>>(Math.Min(maxRows, 1024));
        long bytes = 0;
        try
        {
            while (!_completed && rows.Count < maxRows && bytes < maxBytes)
            {
                if (!await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    _completed = true;
                    break;
                }

                var row = PostgresRowReader.ReadRow(_reader, _types);
                bytes += RowSize.Of(row);
                rows.Add(row);
            }
        }
        catch (Exception e) when (((_readOnly ? PostgresErrors.ReadOnlyRefusal(e, _name) : null) ?? PostgresErrors.Map(e, _name)) is { } mapped)
        {
            throw mapped;
        }

        return new RowBatch(rows, bytes, _completed);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_completed && !_reader.IsClosed)
            {
                // Npgsql waits for the server to take the cancel request, so it cannot hit a later statement.
                _cancel();
            }

            await _reader.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is PostgresException or NpgsqlException)
        {
            // the cancelled statement's error, or a broken connection: the pool resets or discards it
        }
        finally
        {
            await _command.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
