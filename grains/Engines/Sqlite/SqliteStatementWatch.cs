using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// Stops the statement running on a connection once a token is cancelled (statement timeout, caller cancellation, engine
/// shutdown): a SQLite progress handler, called every few hundred virtual-machine instructions on the thread running the
/// statement, makes it fail with SQLITE_INTERRUPT. Unlike <c>sqlite3_interrupt</c> from a timer thread it cannot hit a
/// later statement of the connection (or a cursor's next batch), because it is removed when the watch is disposed.
/// </summary>
internal readonly struct SqliteStatementWatch : IDisposable
{
    /// <summary>Virtual-machine instructions between two checks of the token (a few microseconds of work).</summary>
    private const int Instructions = 500;

    private static readonly SQLitePCL.delegate_progress Check = static state => ((Box)state).Token.IsCancellationRequested ? 1 : 0;

    private readonly SqliteConnection? _connection;

    private SqliteStatementWatch(SqliteConnection connection) => _connection = connection;

    /// <summary>Watches <paramref name="token"/> for the statements run on <paramref name="connection"/> until disposed.</summary>
    public static SqliteStatementWatch Start(SqliteConnection connection, CancellationToken token)
    {
        if (!token.CanBeCanceled)
        {
            return default;
        }

        SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, Instructions, Check, new Box(token));
        return new SqliteStatementWatch(connection);
    }

    public void Dispose()
    {
        if (_connection?.Handle is { IsInvalid: false } handle)
        {
            SQLitePCL.raw.sqlite3_progress_handler(handle, 0, null, null);
        }
    }

    private sealed class Box(CancellationToken token)
    {
        public CancellationToken Token => token;
    }
}
