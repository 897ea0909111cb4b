using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// An open PostgreSQL database (on a registered server or a managed instance): a connection pool, one pooled connection
/// per call, <c>?</c> placeholders rewritten to <c>$n</c>, string arguments sent untyped so PostgreSQL infers their
/// type from the context (as it does for literals). The pool logs in as the database's tenant role (see
/// <see cref="TenantRoles"/>) and resets each connection before reuse; transaction control written by a tenant is refused
/// before it runs (<see cref="TransactionControl"/>). With a <see cref="Ha.Safety.WriteSafety"/> (replicated engines) writes
/// are tracked for a failover (see the <c>.Tracking.cs</c> part); without one nothing of that runs. With a
/// <paramref name="shared"/> pool, short High and Medium tier statements that neither change nor depend on session state
/// run there instead (see the <c>.Shared.cs</c> part). With a <paramref name="lowTier"/> pool, autocommit statements of the
/// Low and Background tiers run on server processes of lowered CPU priority (see the <c>.LowPriority.cs</c> part).
/// </summary>
internal sealed partial class PostgresDatabaseConnection(
    DatabaseName name,
    string engineId,
    NpgsqlDataSource dataSource,
    Func<CancellationToken, Task> onClose,
    ILogger logger,
    EngineMetrics? metrics = null,
    string engineKind = EngineKinds.Postgres,
    Ha.Safety.WriteSafety? safety = null,
    ISharedStatementPool? shared = null,
    LowTierPool? lowTier = null) : IDatabaseConnection
{
    private const string LastValSavepoint = "dyndb_lastval";
    private int _closed;

    public DatabaseName Name => name;

    public async Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(statement);
        if (SharedPoolFor(statement, prepared) is { } pool)
        {
            return await SharedExecAsync(pool, prepared, cancellationToken).ConfigureAwait(false);
        }

        if (prepared.ReadOnly)
        {
            return (await ReadOnlyExecuteAsync(SourceFor(statement), [prepared], cancellationToken).ConfigureAwait(false))[0];
        }

        if (safety is not null && Ha.Safety.StatementClassifier.Classify(prepared.Sql) == Ha.Safety.StatementKind.Write)
        {
            return await TrackedExecAsync(safety, prepared, cancellationToken).ConfigureAwait(false);
        }

        var connection = await OpenAsync(SourceFor(statement), cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        try
        {
            return await ExecuteAsync(connection, null, prepared, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(statement);
        if (SharedPoolFor(statement, prepared) is { } pool)
        {
            return await SharedQueryAsync(pool, prepared, cancellationToken).ConfigureAwait(false);
        }

        if (prepared.ReadOnly)
        {
            return await ReadOnlyQueryAsync(SourceFor(statement), prepared, cancellationToken).ConfigureAwait(false);
        }

        if (safety is not null && Ha.Safety.StatementClassifier.Classify(prepared.Sql) == Ha.Safety.StatementKind.Write)
        {
            return await TrackedQueryAsync(safety, prepared, cancellationToken).ConfigureAwait(false);
        }

        var connection = await OpenAsync(SourceFor(statement), cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        try
        {
            using var command = CreateCommand(connection, null, prepared);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            return await PostgresRowReader.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>
    /// Starts the statement on a pooled connection and hands back a streaming cursor; with <paramref name="firstBatch"/>
    /// its first batch is read before it is handed out (no worker pool here, so this saves nothing but keeps the contract).
    /// </summary>
    public async Task<IRowCursor> OpenCursorAsync(Statement statement, RowBatchLimits? firstBatch, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(statement);
        if (prepared.ReadOnly)
        {
            return await WithFirstBatchAsync(await OpenReadOnlyCursorAsync(SourceFor(statement), prepared, cancellationToken).ConfigureAwait(false), firstBatch, cancellationToken).ConfigureAwait(false);
        }

        var connection = await OpenAsync(SourceFor(statement), cancellationToken).ConfigureAwait(false);
        var command = CreateCommand(connection, null, prepared);
        PostgresRowCursor cursor;
        try
        {
            cursor = await PostgresRowCursor.StartAsync(name, connection, command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await command.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            if (Map(e) is { } mapped)
            {
                throw mapped;
            }

            throw;
        }

        return await WithFirstBatchAsync(cursor, firstBatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cursor, having read its first batch within <paramref name="firstBatch"/> when given (a failure ends it).</summary>
    private static async Task<IRowCursor> WithFirstBatchAsync(IRowCursor cursor, RowBatchLimits? firstBatch, CancellationToken cancellationToken)
    {
        if (firstBatch is not { } limits)
        {
            return cursor;
        }

        try
        {
            // the cursor owns the connection and command now; its reads map their own failures
            var first = await cursor.ReadAsync(limits.MaxRows, limits.MaxBytes, cancellationToken).ConfigureAwait(false);
            return new PrefetchedRowCursor(cursor, first, limits);
        }
        catch
        {
            await cursor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedStatement.FromAll(statements, SqlDialect.Postgres);
        for (var i = 0; i < prepared.Length; i++)
        {
            try
            {
                TransactionControl.EnsureNone(prepared[i].Sql);
            }
            catch (DynamicDbException e)
            {
                metrics?.Refused(engineKind, e);
                throw PreparedStatement.AtPosition(e, i, prepared.Length, rolledBack: false);
            }
        }

        if (prepared.Any(p => p.ReadOnly))
        {
            // one read-only statement makes the whole transaction read-only
            return await ReadOnlyExecuteAsync(dataSource, prepared, cancellationToken).ConfigureAwait(false);
        }

        if (safety is not null && prepared.Any(p => Ha.Safety.StatementClassifier.Classify(p.Sql) == Ha.Safety.StatementKind.Write))
        {
            return await TrackedTransactionAsync(safety, prepared, cancellationToken).ConfigureAwait(false);
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var results = new ExecResult[prepared.Length];
        var index = 0;
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            for (; index < prepared.Length; index++)
            {
                results[index] = await ExecuteAsync(connection, transaction, prepared[index], cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return results;
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw index < prepared.Length ? PreparedStatement.AtPosition(mapped, index, prepared.Length) : mapped;
        }
    }

    public async Task<IDatabaseTransaction> BeginAsync(bool readOnly, TransactionIsolation isolation = TransactionIsolation.ReadCommitted, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PostgresTransaction.BeginAsync(this, connection, readOnly, isolation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (Map(e) is { } mapped)
            {
                throw mapped;
            }

            throw;
        }
    }

    public async Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        try
        {
            return await PostgresSchemaReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await onClose(cancellationToken).ConfigureAwait(false);
        if (lowTier is not null)
        {
            await lowTier.DisposeAsync().ConfigureAwait(false);
        }

        EngineLog.DatabaseClosed(logger, name.FullName, engineId, EngineLog.ElapsedMs(started));
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    /// <summary>Opens a pooled connection, for the engine to check the database at open time as well.</summary>
    internal Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(dataSource, cancellationToken);

    /// <summary>Opens a connection of <paramref name="source"/> (the dedicated pool or the low-priority one).</summary>
    private async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        try
        {
            return await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw safety is null ? mapped : Ha.Safety.WriteAttempt.Mark(mapped, new(Ha.Safety.WriteStage.NotSent, null));
        }
    }

    internal PreparedStatement Prepare(Statement statement, bool allowSavepoints = false)
    {
        var prepared = PreparedStatement.From(statement, SqlDialect.Postgres);
        try
        {
            TransactionControl.EnsureNone(prepared.Sql, allowSavepoints);
        }
        catch (DynamicDbException e)
        {
            metrics?.Refused(engineKind, e);
            throw;
        }

        return prepared;
    }

    /// <summary>The mapped failure (see <see cref="PostgresErrors"/>); a refusal is counted once, here.</summary>
    internal DynamicDbException? Map(Exception e)
    {
        var mapped = PostgresErrors.Map(e, name);
        if (mapped is not null)
        {
            metrics?.Refused(engineKind, mapped);
        }

        return mapped;
    }

    internal static async Task<ExecResult> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, PreparedStatement prepared, CancellationToken cancellationToken)
    {
        if (SqlText.LeadingKeyword(prepared.Sql, SqlDialect.Postgres) != "INSERT")
        {
            using var command = CreateCommand(connection, transaction, prepared);
            var affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new ExecResult(Math.Max(affected, 0), null);
        }

        // lastval() is per session and pooled sessions are reused: forget earlier sequence use first, so that lastval()
        // afterwards reports a value generated by this INSERT or fails because none was.
        using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DISCARD SEQUENCES"));
        var insert = new NpgsqlBatchCommand(prepared.Sql);
        AddParameters(insert.Parameters, prepared);
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var rows = Math.Max(insert.RecordsAffected, 0);
        var lastInsertId = rows > 0 ? await LastValAsync(connection, transaction, cancellationToken).ConfigureAwait(false) : null;
        return new ExecResult(rows, lastInsertId);
    }

    private static async Task<long?> LastValAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.SaveAsync(LastValSavepoint, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            using var command = new NpgsqlCommand("SELECT lastval()", connection, transaction);
            var value = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (transaction is not null)
            {
                await transaction.ReleaseAsync(LastValSavepoint, cancellationToken).ConfigureAwait(false);
            }

            return value;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            // "lastval is not yet defined in this session": the INSERT used no sequence.
            if (transaction is not null)
            {
                try
                {
                    await transaction.RollbackAsync(LastValSavepoint, cancellationToken).ConfigureAwait(false);
                }
                catch (ObjectDisposedException disposed) when (disposed.InnerException is NpgsqlException broken)
                {
                    // The connection broke in between (a killed primary): Npgsql reports the rollback on the broken
                    // transaction as disposed; what happened is the connection failure, which failover handling knows.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(broken);
                }
            }

            return null;
        }
    }

    internal static NpgsqlCommand CreateCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, PreparedStatement prepared)
    {
        var command = new NpgsqlCommand(prepared.Sql, connection, transaction);
        AddParameters(command.Parameters, prepared);
        return command;
    }

    internal static void AddParameters(NpgsqlParameterCollection parameters, PreparedStatement prepared)
    {
        foreach (var arg in prepared.Args)
        {
            parameters.Add(arg is string text
                ? new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Unknown }
                : new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }
    }
}
