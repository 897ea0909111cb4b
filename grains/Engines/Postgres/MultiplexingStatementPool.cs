using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// The shared pool on Npgsql's multiplexing (<c>Multiplexing=true</c>): the commands of concurrent callers are written
/// to at most <see cref="EngineOptions.SharedPoolSize"/> physical connections, several in one write, so the server and
/// the silo make fewer system calls and wake-ups per statement. Commands run on the data source, never on an opened
/// <see cref="NpgsqlConnection"/>, so none of them holds a physical connection between statements.
/// </summary>
internal sealed class MultiplexingStatementPool(NpgsqlDataSource dataSource) : ISharedStatementPool
{
    /// <summary>A pool with its own multiplexing data source on <paramref name="connectionString"/> (see <see cref="PostgresConnectionStrings.ForShared"/>).</summary>
    public static MultiplexingStatementPool Create(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    public async Task<QueryResult> QueryAsync(PreparedStatement prepared, CancellationToken cancellationToken)
    {
        await using var command = Command(prepared);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await PostgresRowReader.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecResult> ExecAsync(PreparedStatement prepared, CancellationToken cancellationToken)
    {
        await using var command = Command(prepared);
        var affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new ExecResult(Math.Max(affected, 0), null);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private NpgsqlCommand Command(PreparedStatement prepared)
    {
        var command = dataSource.CreateCommand(prepared.Sql);
        PostgresDatabaseConnection.AddParameters(command.Parameters, prepared);
        return command;
    }
}
