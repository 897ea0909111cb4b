using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Interactive transactions (<see cref="IDatabaseGrain.BeginTransactionAsync"/> ... <see cref="IDatabaseGrain.RollbackTransactionAsync"/>):
/// a table of open transactions, each pinning one engine connection (<see cref="IDatabaseTransaction"/>). Their calls
/// interleave with everything, so a COMMIT is never stuck behind a statement that waits for its locks. One statement of
/// a transaction runs at a time; a failed statement leaves it failed until it is rolled back, or rolled back to a
/// savepoint (<c>ROLLBACK TO</c>, <see cref="SavepointStatement"/>); an idle one is rolled back
/// by <see cref="CheckTransactionsIdleAsync"/> and its id remembered for a while, so the next call says why.
/// </summary>
internal sealed partial class DatabaseGrain
{
    /// <summary>How long the id of a transaction the platform ended is remembered (its next call answers why).</summary>
    internal static readonly TimeSpan EndedTransactionMemory = TimeSpan.FromMinutes(10);

    private const int MaxRememberedTransactions = 1000;
    private readonly Dictionary<string, GrainTransaction> _transactions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Message, DateTimeOffset At)> _endedTransactions = new(StringComparer.Ordinal);
    private int _beginning;
    private TaskCompletionSource? _noTransactions;

    public Task<OpenTransaction> BeginTransactionAsync(TransactionOptions options, CancellationToken cancellationToken) =>
        Traced("tx_begin", () => BeginCoreAsync(options, cancellationToken));

    public Task<ExecResult> ExecInTransactionAsync(string transactionId, Statement statement, CancellationToken cancellationToken) =>
        Traced("tx_exec", () => InTransactionAsync(transactionId, statement, "tx_exec", (t, s, ct) => t.ExecAsync(s, ct), cancellationToken));

    public Task<QueryResult> QueryInTransactionAsync(string transactionId, Statement statement, CancellationToken cancellationToken) =>
        Traced("tx_query", () => InTransactionAsync(transactionId, statement, "tx_query", (t, s, ct) => t.QueryAsync(s, ct), cancellationToken));

    public Task CommitTransactionAsync(string transactionId, CancellationToken cancellationToken) =>
        Traced("tx_commit", () => CommitCoreAsync(transactionId, cancellationToken));

    public async Task RollbackTransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        if (transactionId is null || !_transactions.TryGetValue(transactionId, out var transaction))
        {
            return;
        }

        await EndTransactionAsync(transaction, "client", message: null);
    }

    public Task<DatabaseActivity> GetActivityAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new DatabaseActivity(
            _gate.InFlight,
            _transactions.Values.OrderBy(t => t.StartedAt).Select(t => t.ToActivity()).ToArray(),
            _gate.IsClosed));

    private async Task<OpenTransaction> BeginCoreAsync(TransactionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Isolation))
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"The isolation of a transaction must be ReadCommitted, RepeatableRead or Serializable; it is {(int)options.Isolation}.");
        }

        var idle = options.IdleTimeout ?? _options.TransactionIdleTimeout;
        if (idle <= TimeSpan.Zero || idle > _options.MaxTransactionIdleTimeout)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"The idle timeout of a transaction must be positive and at most {_options.MaxTransactionIdleTimeout.TotalSeconds:0.###} s (setting {DatabaseOptions.SectionName}:MaxTransactionIdleTimeout); it is {idle.TotalSeconds:0.###} s.");
        }

        EnsureRoomForTransaction();
        using var lease = await _gate.EnterAsync(cancellationToken);
        EnsureRoomForTransaction();
        _beginning++;
        try
        {
            var connection = await ConnectionAsync(cancellationToken);
            if (!options.ReadOnly)
            {
                await EnsureCurrentEpochAsync(cancellationToken);
            }

            var engineId = _engine!.Id;
            using var timeout = Timeout(_options.QueryTimeout, cancellationToken);
            var engineTransaction = await WithTimeout(OnEngine("tx_begin", () => connection.BeginAsync(options.ReadOnly, options.Isolation, timeout.Token)), _options.QueryTimeout, "QueryTimeout", cancellationToken);
            var transaction = new GrainTransaction("tx_" + Guid.NewGuid().ToString("N"), options, idle, engineTransaction, engineId, time.GetUtcNow(), time.GetTimestamp());
            _transactions.Add(transaction.Id, transaction);
            metrics.TransactionOpened(engineId);
            WatchTransactionsIdle(idle);
            LogTransactionOpened(_name.FullName, transaction.Id, options.SessionId ?? "", options.ReadOnly, idle.TotalSeconds);
            return transaction.ToOpen();
        }
        finally
        {
            _beginning--;
        }
    }

    private void EnsureRoomForTransaction()
    {
        if (_transactions.Count + _beginning >= _options.MaxOpenTransactions)
        {
            throw new DynamicDbException(ErrorCodes.TransactionLimit,
                $"Database '{_name.Database}' has {_transactions.Count} interactive transactions open, the most it may (setting {DatabaseOptions.SectionName}:MaxOpenTransactions = {_options.MaxOpenTransactions}); retry when one ends.",
                isTransient: true);
        }
    }

    private async Task<T> InTransactionAsync<T>(
        string transactionId, Statement statement, string operation, Func<IDatabaseTransaction, Statement, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        // ROLLBACK TO a savepoint is what a failed transaction still takes (besides its end): it clears the failure.
        var rollbackTo = SavepointStatement.IsRollbackTo(statement.Sql);
        var pending = Usable(transactionId, failedToo: rollbackTo);
        using var lease = await _gate.EnterAsync(cancellationToken);

        // ROLLBACK TO ends work (it releases locks), as COMMIT and ROLLBACK do: it never queues. The transaction is looked
        // up again after the wait: it may have ended, or another of its statements started, meanwhile.
        using var admitted = rollbackTo ? default : await AdmitAsync(pending.Tier, cancellationToken, pending.EngineId);
        var transaction = Usable(transactionId, failedToo: rollbackTo);
        if (!transaction.ReadOnly && !statement.ReadOnly)
        {
            await EnsureCurrentEpochAsync(cancellationToken);
        }

        transaction.Statements++;
        transaction.LastStatementAt = time.GetUtcNow();
        using var timeout = _timeouts.Start(_options.QueryTimeout, cancellationToken, transaction.Cancel.Token);
        var running = OnEngine(operation, () => run(transaction.Engine, statement, timeout.Token));
        transaction.Running = running;
        try
        {
            var result = await WithTimeout(running, _options.QueryTimeout, "QueryTimeout", cancellationToken);
            if (rollbackTo)
            {
                transaction.Failure = null;
            }

            return result;
        }
        catch (Exception e) when (!_transactions.ContainsKey(transactionId) && _endedTransactions.TryGetValue(transactionId, out var ended))
        {
            // Ended by the platform while the statement ran (its cancellation is what the statement reports).
            throw new DynamicDbException(ErrorCodes.TransactionAborted, ended.Message, isTransient: false, e);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.TransactionAborted)
        {
            // The engine ended it (a failover of a replicated engine): it is gone there already.
            await EndTransactionAsync(transaction, "failover", e.Message);
            throw;
        }
        catch (Exception e)
        {
            var code = e is DynamicDbException d ? d.ErrorCode : "unexpected";
            transaction.Failure = $"statement {transaction.Statements} failed ({code}): {e.Message}";
            throw;
        }
        finally
        {
            transaction.Running = null;
            transaction.LastStatementAt = time.GetUtcNow();
        }
    }

    private async Task<bool> CommitCoreAsync(string transactionId, CancellationToken cancellationToken)
    {
        var transaction = Usable(transactionId, failedToo: true);
        if (transaction.Failure is { } failure)
        {
            var message = $"Transaction '{transactionId}' of database '{_name.Database}' failed and was rolled back instead of committed: {failure}";
            await EndTransactionAsync(transaction, "failed", message: null);
            throw new DynamicDbException(ErrorCodes.TransactionAborted, message);
        }

        if (!transaction.ReadOnly)
        {
            await EnsureCurrentEpochAsync(cancellationToken);
        }

        // A commit ends a transaction, which is what a closed gate waits for: it passes the gate, but is in flight.
        using var lease = _gate.Pass();
        Forget(transaction);
        using var timeout = Timeout(_options.QueryTimeout, cancellationToken);
        try
        {
            await WithTimeout(OnEngine("tx_commit", async () =>
            {
                await transaction.Engine.CommitAsync(timeout.Token);
                return true;
            }), _options.QueryTimeout, "QueryTimeout", cancellationToken);
        }
        catch (Exception e)
        {
            await RollbackQuietlyAsync(transaction);
            Ended(transaction, "commit_failed");
            if (e is DynamicDbException { ErrorCode: ErrorCodes.TransactionAborted })
            {
                throw;
            }

            throw new DynamicDbException(ErrorCodes.TransactionAborted,
                $"Transaction '{transactionId}' of database '{_name.Database}' could not commit and was rolled back: {e.Message}", isTransient: false, e);
        }

        Ended(transaction, rollbackReason: null);
        return true;
    }

    /// <summary>
    /// The open transaction with the id, able to take a statement; throws <c>transaction.not_found</c>,
    /// <c>transaction.aborted</c> (ended by the platform, or failed), or <c>request.invalid</c> while a statement of it runs.
    /// </summary>
    private GrainTransaction Usable(string transactionId, bool failedToo = false)
    {
        if (transactionId is not null && _transactions.TryGetValue(transactionId, out var transaction))
        {
            if (transaction.Running is not null)
            {
                throw new DynamicDbException(ErrorCodes.RequestInvalid, $"A statement of transaction '{transactionId}' is running; a transaction runs one statement at a time.");
            }

            if (!failedToo && transaction.Failure is { } failure)
            {
                throw new DynamicDbException(ErrorCodes.TransactionAborted,
                    $"Transaction '{transactionId}' of database '{_name.Database}' failed ({failure}); it takes no more statements: roll it back.");
            }

            return transaction;
        }

        if (transactionId is not null && _endedTransactions.TryGetValue(transactionId, out var ended))
        {
            throw new DynamicDbException(ErrorCodes.TransactionAborted, ended.Message);
        }

        throw new DynamicDbException(ErrorCodes.TransactionNotFound,
            $"No open transaction has the id '{Shown(transactionId)}' on database '{_name.Database}': it was never opened there, has ended, or was forgotten when the database hibernated or moved.");
    }

    /// <summary>
    /// Ends a transaction with a rollback: cancels its running statement and waits for it, rolls back and releases the
    /// connection. With a <paramref name="message"/> (the platform ended it) the id is remembered so its next call says why.
    /// </summary>
    private async Task EndTransactionAsync(GrainTransaction transaction, string reason, string? message)
    {
        if (!_transactions.ContainsKey(transaction.Id))
        {
            return;
        }

        Forget(transaction);
        if (message is not null)
        {
            Remember(transaction.Id, message);
            LogTransactionAborted(_name.FullName, transaction.Id, transaction.SessionId ?? "", reason, message);
        }

        await transaction.Cancel.CancelAsync();
        if (transaction.Running is { } running)
        {
            try
            {
                await running;
            }
            catch (Exception)
            {
                // Its caller gets the failure (as transaction.aborted, naming the reason).
            }
        }

        await RollbackQuietlyAsync(transaction);
        Ended(transaction, reason);
    }

    /// <summary>Rolls back every open transaction, each failing its next call with <c>transaction.aborted</c> and <paramref name="why"/>.</summary>
    private async Task AbortTransactionsAsync(string reason, string why)
    {
        foreach (var transaction in _transactions.Values.ToArray())
        {
            await EndTransactionAsync(transaction, reason,
                $"Transaction '{transaction.Id}' of database '{_name.Database}' was rolled back: {why}. Nothing it wrote was kept; run it again.");
        }
    }

    private async Task RollbackQuietlyAsync(GrainTransaction transaction)
    {
        try
        {
            await transaction.Engine.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogTransactionRollbackFailed(_name.FullName, transaction.Id, e);
        }
        finally
        {
            transaction.Cancel.Dispose();
        }
    }

    private void Forget(GrainTransaction transaction)
    {
        _transactions.Remove(transaction.Id);
        if (_transactions.Count == 0 && _noTransactions is { } none)
        {
            _noTransactions = null;
            none.TrySetResult();
        }
    }

    private void Ended(GrainTransaction transaction, string? rollbackReason)
    {
        var lifetime = time.GetElapsedTime(transaction.StartedTimestamp);
        metrics.TransactionEnded(transaction.EngineId, lifetime, rollbackReason);
        LogTransactionEnded(_name.FullName, transaction.Id, rollbackReason is null ? "committed" : "rolled_back", rollbackReason ?? "", transaction.Statements, lifetime.TotalMilliseconds);
    }

    private void Remember(string transactionId, string message)
    {
        var now = time.GetUtcNow();
        if (_endedTransactions.Count >= MaxRememberedTransactions)
        {
            foreach (var (id, ended) in _endedTransactions.ToArray())
            {
                if (now - ended.At > EndedTransactionMemory || _endedTransactions.Count >= MaxRememberedTransactions)
                {
                    _endedTransactions.Remove(id);
                }
            }
        }

        _endedTransactions[transactionId] = (message, now);
    }
}
