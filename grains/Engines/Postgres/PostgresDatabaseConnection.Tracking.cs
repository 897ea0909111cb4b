using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Ha.Safety;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Write tracking (on when the connection was given a <see cref="WriteSafety"/>): a write runs in an explicit transaction
/// whose first round trip is <c>BEGIN; SELECT txid_current()</c>, so its transaction id is in hand before its statements
/// and commit are sent. PostgreSQL sends the results of a pipelined batch only at its end (its Sync), so asking in the
/// same round trip as the statement would give the id too late to help when the connection dies. Costs: an UPDATE or
/// DELETE takes 3 round trips instead of 1 (txid, statement, COMMIT); an INSERT 6 instead of 2 (its <c>lastval()</c> runs
/// inside the transaction, under a savepoint); a transaction one more (the txid). Reads are not tracked. A failure is
/// marked with a <see cref="WriteAttempt"/> for <see cref="FailoverRetry"/>; only the commit runs under a
/// <see cref="SyncRepWatch"/>, so a long statement is never taken for a missing standby.
/// </summary>
internal sealed partial class PostgresDatabaseConnection
{
    // PostgreSQL's WARNING when a commit's wait for a standby is cancelled (not the one it sends when the session is
    // terminated, "canceling the wait for synchronous replication and terminating connection ...").
    private const string SyncRepCancelled = "canceling wait for synchronous replication";

    private async Task<T> TrackedAsync<T>(
        WriteSafety safety, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> statements, Func<DynamicDbException, DynamicDbException>? reword,
        CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var warned = 0;
        void OnNotice(object? sender, NpgsqlNoticeEventArgs e)
        {
            if (e.Notice.MessageText.Contains(SyncRepCancelled, StringComparison.Ordinal))
            {
                Interlocked.Exchange(ref warned, 1);
            }
        }

        connection.Notice += OnNotice;
        long? txid = null;
        SyncRepWatch? watch = null;
        using var commit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            using (var ask = new NpgsqlCommand("SELECT txid_current()", connection, transaction))
            {
                txid = (long)(await ask.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            var result = await statements(connection, transaction, cancellationToken).ConfigureAwait(false);
            // Only the commit waits for a standby, so only the commit is bounded: a long statement is not.
            watch = SyncRepWatch.Start(dataSource, connection.ProcessID, safety, commit);
            await transaction.CommitAsync(commit.Token).ConfigureAwait(false);
            if (watch?.Cancelled == true || Volatile.Read(ref warned) != 0)
            {
                throw NoSyncStandby(safety, txid);
            }

            return result;
        }
        catch (OperationCanceledException) when (watch?.Cancelled == true && !cancellationToken.IsCancellationRequested)
        {
            throw NoSyncStandby(safety, txid);
        }
        catch (Exception e) when (e is not DynamicDbException { ErrorCode: ErrorCodes.EngineNoSyncStandby } && Map(e) is { } mapped)
        {
            if (watch?.Cancelled == true)
            {
                throw NoSyncStandby(safety, txid);
            }

            var attempt = txid is null ? new WriteAttempt(WriteStage.NotCommitted, null)
                : LostConnection(e) ? new WriteAttempt(WriteStage.Sent, txid)
                : new WriteAttempt(WriteStage.NotCommitted, txid);
            throw WriteAttempt.Mark(reword?.Invoke(mapped) ?? mapped, attempt);
        }
        finally
        {
            if (watch is not null)
            {
                await watch.DisposeAsync().ConfigureAwait(false);
            }

            connection.Notice -= OnNotice;
        }
    }

    /// <summary>
    /// True when the connection failed rather than the server refusing a statement (which ends the transaction aborted):
    /// a lost socket, a timeout, or the server terminating the session or shutting down.
    /// </summary>
    private static bool LostConnection(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };

    // Not transient: the write is committed on the primary, so a client that repeats transient failures blindly would apply it twice.
    private DynamicDbException NoSyncStandby(WriteSafety safety, long? txid)
    {
        SafetyLog.SyncStandbyWaitCancelled(logger, name.FullName, engineId, safety.Options.SyncStandbyTimeout.TotalMilliseconds);
        return WriteAttempt.Mark(new DynamicDbException(ErrorCodes.EngineNoSyncStandby,
            $"The write to database {name} on engine {engineId} was not acknowledged: no synchronous standby confirmed its commit within " +
            $"{safety.Options.SyncStandbyTimeout.TotalSeconds:0.###} s (Failover:SyncStandbyTimeout), so the wait was cancelled; writes are never " +
            "made asynchronous. PostgreSQL has committed it on the primary only: it reaches the standbys when one returns and is lost if the " +
            "primary fails first, so check the data before repeating it.", isTransient: false), new WriteAttempt(WriteStage.Sent, txid));
    }

    private Task<ExecResult> TrackedExecAsync(WriteSafety safety, PreparedStatement prepared, CancellationToken cancellationToken) =>
        TrackedAsync(safety, (connection, transaction, ct) => ExecuteAsync(connection, transaction, prepared, ct), null, cancellationToken);

    private Task<QueryResult> TrackedQueryAsync(WriteSafety safety, PreparedStatement prepared, CancellationToken cancellationToken) =>
        TrackedAsync(safety, async (connection, transaction, ct) =>
        {
            using var command = CreateCommand(connection, transaction, prepared);
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            return await PostgresRowReader.ReadAsync(reader, ct).ConfigureAwait(false);
        }, null, cancellationToken);

    private async Task<IReadOnlyList<ExecResult>> TrackedTransactionAsync(WriteSafety safety, PreparedStatement[] prepared, CancellationToken cancellationToken)
    {
        var results = new ExecResult[prepared.Length];
        var index = 0;
        return await TrackedAsync<IReadOnlyList<ExecResult>>(safety, async (connection, transaction, ct) =>
        {
            for (; index < prepared.Length; index++)
            {
                results[index] = await ExecuteAsync(connection, transaction, prepared[index], ct).ConfigureAwait(false);
            }

            return results;
        }, e => index < prepared.Length ? PreparedStatement.AtPosition(e, index, prepared.Length) : e, cancellationToken).ConfigureAwait(false);
    }
}
