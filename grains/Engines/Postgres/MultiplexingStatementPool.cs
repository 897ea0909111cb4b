using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// The shared pool on Npgsql's multiplexing (<c>Multiplexing=true</c>): the commands of concurrent callers are written
/// to at most <see cref="EngineOptions.SharedPoolSize"/> physical connections, several in one write, so the server and
/// the silo make fewer system calls and wake-ups per statement. Commands run on the data source, never on an opened
/// <see cref="NpgsqlConnection"/>, so none of them holds a physical connection between statements.
/// <para>
/// Cancellation: Npgsql does not cancel a multiplexed command on the server; it waits, then breaks the physical connection
/// and with it every command pipelined there (seen in <c>PostgresSharedPoolTests</c>). So the caller's token is never
/// given to Npgsql: a cancelled caller stops waiting at once, and the statement is cancelled on the server with
/// <c>pg_cancel_backend</c>, sent through <paramref name="dedicated"/> to the shared connections of this database that
/// run the same text (which may cancel an identical statement of another caller too: it fails with <c>sql.timeout</c>,
/// transient). The server's <c>statement_timeout</c> bounds whatever the cancel misses.
/// </para>
/// </summary>
internal sealed class MultiplexingStatementPool(NpgsqlDataSource dataSource, NpgsqlDataSource dedicated, string applicationName) : ISharedStatementPool
{
    /// <summary>How long the server-side cancel of a cancelled statement may take.</summary>
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A pool with its own multiplexing data source on <paramref name="connectionString"/> (see
    /// <see cref="PostgresConnectionStrings.ForShared"/>), cancelling through <paramref name="dedicated"/>.
    /// </summary>
    public static MultiplexingStatementPool Create(string connectionString, NpgsqlDataSource dedicated) =>
        new(NpgsqlDataSource.Create(connectionString), dedicated, new NpgsqlConnectionStringBuilder(connectionString).ApplicationName ?? "");

    public Task<QueryResult> QueryAsync(PreparedStatement prepared, CancellationToken cancellationToken) =>
        CancellableAsync(prepared, QueryAsync, cancellationToken);

    public Task<ExecResult> ExecAsync(PreparedStatement prepared, CancellationToken cancellationToken) =>
        CancellableAsync(prepared, ExecAsync, cancellationToken);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<QueryResult> QueryAsync(PreparedStatement prepared)
    {
        await using var command = Command(prepared);
        var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await PostgresRowReader.ReadAsync(reader, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<ExecResult> ExecAsync(PreparedStatement prepared)
    {
        await using var command = Command(prepared);
        var affected = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return new ExecResult(Math.Max(affected, 0), null);
    }

    private async Task<T> CancellableAsync<T>(PreparedStatement prepared, Func<PreparedStatement, Task<T>> run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var running = run(prepared);
        if (!cancellationToken.CanBeCanceled || running.IsCompleted)
        {
            return await running.ConfigureAwait(false);
        }

        try
        {
            return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !running.IsCompleted)
        {
            // the statement's own failure (57014 once cancelled) has no one left to see it
            _ = running.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            await CancelOnServerAsync(prepared.Sql).ConfigureAwait(false);
            throw;
        }
    }

    private async Task CancelOnServerAsync(string sql)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CancelTimeout);
            await using var command = dedicated.CreateCommand(
                "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND application_name = $1 AND state = 'active' AND query = $2 AND pid <> pg_backend_pid()");
            command.Parameters.Add(new NpgsqlParameter { Value = applicationName });
            command.Parameters.Add(new NpgsqlParameter { Value = sql });
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or ObjectDisposedException)
        {
            // best effort: statement_timeout ends it anyway
        }
    }

    private NpgsqlCommand Command(PreparedStatement prepared)
    {
        var command = dataSource.CreateCommand(prepared.Sql);
        PostgresDatabaseConnection.AddParameters(command.Parameters, prepared);
        return command;
    }
}
