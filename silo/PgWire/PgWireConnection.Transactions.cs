using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Interactive transactions: <c>BEGIN</c> opens one in the database's grain (owned by this connection's session), the
/// statements that follow run in it, <c>COMMIT</c>/<c>ROLLBACK</c> end it, and a connection that goes away rolls it back.
/// A statement that fails leaves the transaction failed (ReadyForQuery 'E'): every later statement gets 25P02 until the
/// client ends it or rolls back to a savepoint (<c>SAVEPOINT</c>, <c>RELEASE</c> and <c>ROLLBACK TO</c> run in the transaction).
/// </summary>
internal sealed partial class PgWireConnection
{
    private const string IdleTimeoutSetting = "idle_in_transaction_session_timeout";
    private const string AbortedMessage = "current transaction is aborted, commands ignored until end of transaction block";

    private string? _transactionId;
    private bool _transactionFailed;

    /// <summary>The connection's session id: the owner the grain lists with its open transactions.</summary>
    private string TransactionSessionId => SessionId ?? $"pgwire/{_processId}/{Remote}";

    /// <summary>The ReadyForQuery status: 'I' idle, 'T' in a transaction, 'E' in a failed transaction.</summary>
    private byte TransactionStatus => _transactionId is null ? (byte)'I' : _transactionFailed ? (byte)'E' : (byte)'T';

    /// <summary>Runs a transaction control statement and answers its command tag.</summary>
    private async Task<string> TransactionControlAsync(PgStatement statement, CancellationToken stopping)
    {
        var command = TransactionCommand.Parse(statement.Text);
        switch (command.Verb)
        {
            case TransactionVerb.Begin:
                if (_transactionId is not null)
                {
                    ThrowIfFailed();
                    Notice("WARNING", "25001", "there is already a transaction in progress");
                    return command.Tag;
                }

                await BeginAsync(command, stopping).ConfigureAwait(false);
                return command.Tag;
            case TransactionVerb.Commit when _transactionId is null:
            case TransactionVerb.Rollback when _transactionId is null:
                Notice("WARNING", "25P01", "there is no transaction in progress");
                return command.Tag;
            case TransactionVerb.Commit when !_transactionFailed:
                var committing = EndTransaction();
                await CallAsync(ct => Done(_grain.CommitTransactionAsync(committing, ct)), stopping).ConfigureAwait(false);
                LogTransactionEnded(_services.Logger, _app, _database.Database, committing, "COMMIT");
                return "COMMIT";
            case TransactionVerb.Commit:
            case TransactionVerb.Rollback:
                // COMMIT of a failed transaction rolls it back, as PostgreSQL does (its tag says so).
                var rollingBack = EndTransaction();
                await CallAsync(ct => Done(_grain.RollbackTransactionAsync(rollingBack, ct)), stopping).ConfigureAwait(false);
                LogTransactionEnded(_services.Logger, _app, _database.Database, rollingBack, "ROLLBACK");
                return "ROLLBACK";
            case TransactionVerb.Savepoint when _transactionId is null:
                throw new PgWireException("25P01", $"{command.Tag} can only be used in transaction blocks");
            case TransactionVerb.Savepoint:
                // Savepoints run in the transaction as written (both engines allow them there, and only there). A failed
                // transaction takes ROLLBACK TO, which clears the failure (in the grain and, on PostgreSQL, the server).
                var rollbackTo = command.Tag == "ROLLBACK";
                if (!rollbackTo)
                {
                    ThrowIfFailed();
                }

                var inTransaction = _transactionId;
                await CallAsync(ct => Done(_grain.ExecInTransactionAsync(inTransaction, ForSession(new Statement(statement.Text, [])), ct)), stopping).ConfigureAwait(false);
                if (rollbackTo)
                {
                    _transactionFailed = false;
                }

                return command.Tag;
            default:
                throw new PgWireException(PgSqlState.FeatureNotSupported,
                    $"{statement.Keywords} is not supported by the wire frontend (two-phase commit and SQL-level PREPARE are not offered; use the extended protocol's Parse for prepared statements)");
        }
    }

    private async Task BeginAsync(TransactionCommand command, CancellationToken stopping)
    {
        // The isolation asked for is the engine's BEGIN ISOLATION LEVEL on PostgreSQL; SQLite's transactions are
        // serializable already. READ UNCOMMITTED is READ COMMITTED, as in PostgreSQL.
        var isolation = command.Isolation switch
        {
            "REPEATABLE READ" => TransactionIsolation.RepeatableRead,
            "SERIALIZABLE" => TransactionIsolation.Serializable,
            _ => TransactionIsolation.ReadCommitted,
        };
        var options = new TransactionOptions(TransactionSessionId, _readOnly || command.ReadOnly, IdleInTransactionTimeout(), isolation, SessionTier);
        var opened = await CallAsync(ct => _grain.BeginTransactionAsync(options, ct), stopping).ConfigureAwait(false);
        _transactionId = opened.Id;
        _transactionFailed = false;
        LogTransactionBegun(_services.Logger, _app, _database.Database, opened.Id, opened.ReadOnly);
    }

    /// <summary>
    /// The session's <c>idle_in_transaction_session_timeout</c> (PostgreSQL's setting, kept by SET) as the transaction's idle
    /// timeout; unset or 0: the database's <c>DynamicDb:Databases:TransactionIdleTimeout</c>.
    /// </summary>
    private TimeSpan? IdleInTransactionTimeout() =>
        _settings.TryGetValue(IdleTimeoutSetting, out var text) ? PgInterval.Parse(IdleTimeoutSetting, text) : null;

    /// <summary>Throws 25P02 when the open transaction failed: only its end (or ROLLBACK TO) is accepted then.</summary>
    private void ThrowIfFailed()
    {
        if (_transactionFailed)
        {
            throw new PgWireException(PgSqlState.InFailedTransaction, AbortedMessage);
        }
    }

    /// <summary>Marks the open transaction failed after a statement error (ReadyForQuery 'E').</summary>
    private void TransactionStatementFailed()
    {
        if (_transactionId is not null)
        {
            _transactionFailed = true;
        }
    }

    private string EndTransaction()
    {
        var id = _transactionId!;
        _transactionId = null;
        _transactionFailed = false;
        _session?.TransactionEnded();
        return id;
    }

    /// <summary>
    /// Rolls back the transaction a departing connection left open (client closed, killed, Terminate, silo stopping), so
    /// nothing it wrote is kept. Never throws: the grain also rolls it back after its idle timeout.
    /// </summary>
    private async Task RollbackLeftOpenAsync()
    {
        if (_transactionId is not { } id)
        {
            return;
        }

        _transactionId = null;
        _session?.TransactionEnded();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _grain.RollbackTransactionAsync(id, timeout.Token).ConfigureAwait(false);
            LogRolledBackOnClose(_services.Logger, _app, _database.Database, id, Remote);
        }
        catch (Exception e)
        {
            LogRollbackOnCloseFailed(_services.Logger, _app, _database.Database, id, e);
        }
    }

    private static async Task<bool> Done(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    private void Notice(string severity, string sqlState, string message) => Fields((byte)'N', severity, sqlState, message);
}
