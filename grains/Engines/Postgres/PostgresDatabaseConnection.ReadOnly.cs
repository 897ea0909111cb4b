using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Read-only statements (<see cref="Statement.ReadOnly"/>): each runs in a <c>READ ONLY</c> transaction sent in the same
/// round trip as the statement (one batch: <c>BEGIN TRANSACTION READ ONLY</c>, a query that takes the transaction's
/// snapshot, the statement, <c>COMMIT</c>), so PostgreSQL refuses every write, DDL and writing function (SQLSTATE 25006).
/// Taking the snapshot first matters: PostgreSQL lets <c>SET TRANSACTION READ WRITE</c> turn a transaction read-write
/// again only before its first query, so the tenant's text cannot undo the mode (SQLSTATE 25001). Statements that are
/// not read-only never come here: their path is unchanged.
/// </summary>
internal sealed partial class PostgresDatabaseConnection
{
    /// <summary>The commands of the batch before the tenant's statements.</summary>
    private const int ReadOnlyLeadCommands = 2;

    private async Task<QueryResult> ReadOnlyQueryAsync(NpgsqlDataSource source, PreparedStatement prepared, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(source, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        try
        {
            using var batch = ReadOnlyBatch(connection, [prepared]);
            var reader = await StartReadOnlyAsync(batch, cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            return await PostgresRowReader.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MapReadOnly(e) is { } mapped)
        {
            throw mapped;
        }
    }

    private async Task<IReadOnlyList<ExecResult>> ReadOnlyExecuteAsync(NpgsqlDataSource source, PreparedStatement[] prepared, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(source, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        using var batch = ReadOnlyBatch(connection, prepared);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var results = new ExecResult[prepared.Length];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = new ExecResult(Math.Max(batch.BatchCommands[ReadOnlyLeadCommands + i].RecordsAffected, 0), null);
            }

            return results;
        }
        catch (Exception e) when (MapReadOnly(e) is { } mapped)
        {
            // Npgsql does not say which command of the batch failed, so a transaction's failure names no position.
            throw mapped;
        }
    }

    private async Task<IRowCursor> OpenReadOnlyCursorAsync(NpgsqlDataSource source, PreparedStatement prepared, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(source, cancellationToken).ConfigureAwait(false);
        var batch = ReadOnlyBatch(connection, [prepared]);
        try
        {
            var reader = await StartReadOnlyAsync(batch, cancellationToken).ConfigureAwait(false);
            return new PostgresRowCursor(name, connection, reader, batch.Cancel, batch, readOnly: true);
        }
        catch (Exception e)
        {
            await batch.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            if (MapReadOnly(e) is { } mapped)
            {
                throw mapped;
            }

            throw;
        }
    }

    /// <summary>The batch running <paramref name="prepared"/> in one read-only transaction.</summary>
    private static NpgsqlBatch ReadOnlyBatch(NpgsqlConnection connection, PreparedStatement[] prepared)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN TRANSACTION READ ONLY"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT"));
        foreach (var statement in prepared)
        {
            var command = new NpgsqlBatchCommand(statement.Sql);
            AddParameters(command.Parameters, statement);
            batch.BatchCommands.Add(command);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        return batch;
    }

    /// <summary>Starts the batch and moves its reader past the snapshot query to the statement's result.</summary>
    private static async Task<NpgsqlDataReader> StartReadOnlyAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Like <see cref="Map"/>, and PostgreSQL's refusals of a read-only transaction become <c>statement.read_only</c>.</summary>
    internal DynamicDbException? MapReadOnly(Exception e)
    {
        if (PostgresErrors.ReadOnlyRefusal(e, name) is { } refused)
        {
            return refused;
        }

        return Map(e);
    }
}
