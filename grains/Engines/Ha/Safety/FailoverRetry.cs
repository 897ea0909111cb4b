using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Polly;
using Polly.Retry;

namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>
/// Runs a statement against a replicated engine's current primary and retries it across a failover only when that is
/// safe (a Polly.Core retry: <see cref="FailoverOptions.Attempts"/> tries, <see cref="FailoverOptions.Delay"/> doubling).
/// Every try resolves the connection again through the caller's <c>current</c> callback ("the connection on the current
/// primary"). Only <c>engine.unavailable</c> failures (and a write's client-side timeout after it was sent) are looked at;
/// every other failure (including
/// <c>engine.no_sync_standby</c>, whose write is committed on the primary) is passed on unchanged. Such a failure is retried
/// when the statement is a <see cref="StatementKind.Read"/>, or a write that never reached the server or never got to its
/// commit (<see cref="WriteAttempt"/>). A write that was sent under a known transaction id is looked up on the primary of the
/// next try with <see cref="TxidStatus"/>: committed → success, answered by <c>committed()</c> (the rows affected are
/// unknown: <see cref="ExecAsync"/> answers <see cref="UnknownRowsAffected"/>); not committed → run again; unknown,
/// not tracked, or not askable within the tries → <c>sql.outcome_unknown</c>. A write is never run twice unless its
/// first run is known not to have committed.
/// </summary>
public sealed class FailoverRetry
{
    /// <summary>The <see cref="ExecResult.RowsAffected"/> of a write found committed after its connection was lost: the count is not known.</summary>
    public const long UnknownRowsAffected = -1;

    private readonly FailoverOptions _options;
    private readonly string _engineId;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;
    private readonly Func<IDatabaseConnection, IDatabaseConnection, CancellationToken, Task<long?>>? _firstTxidOfNewPrimary;

    /// <summary>A retry policy for engine <paramref name="engineId"/>.</summary>
    /// <param name="options">The engine's failover settings.</param>
    /// <param name="engineId">The engine, for messages and logs.</param>
    /// <param name="logger">Where retries and outcomes are logged.</param>
    /// <param name="time">The clock of the backoff and the outcome wait.</param>
    /// <param name="firstTxidOfNewPrimary">
    /// Guards against transaction ids reused after a promotion (see <see cref="TxidStatus"/>): given the connection the write
    /// ran on and the one of the current primary, the first transaction id the current primary assigned once it became
    /// primary (<c>txid_snapshot_xmax(txid_current_snapshot())</c> read right after promotion, before it took writes) when it
    /// is a later primary than the write's, else null. An interrupted write whose id is at or above it never reached the new
    /// primary, so it did not commit there, whatever <c>txid_status</c> says about a transaction that reused the id. Without
    /// it the answer of <c>txid_status</c> is trusted, which is only safe when interrupted writes are resolved before the
    /// new primary runs other writes.
    /// </param>
    /// <param name="waitForFailover">
    /// Waits until the engine's routing changes (a failover ended) or the given backoff passes, whichever comes first; the
    /// retry then runs at once. Without it the retry waits the whole backoff.
    /// </param>
    /// <param name="tryFailed">Told of each failed try that will be retried (the engine's health watch counts it at once).</param>
    public FailoverRetry(
        FailoverOptions options, string engineId, ILogger logger, TimeProvider? time = null,
        Func<IDatabaseConnection, IDatabaseConnection, CancellationToken, Task<long?>>? firstTxidOfNewPrimary = null,
        Func<TimeSpan, CancellationToken, Task>? waitForFailover = null,
        Action<DynamicDbException>? tryFailed = null)
    {
        _firstTxidOfNewPrimary = firstTxidOfNewPrimary;
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _engineId = engineId;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (options.Attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Attempts - 1,
                Delay = options.Delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder().Handle<RetrySignal>(),
                // The backoff is the longest wait: a failover that ends sooner starts the next try at once. Polly asks for the
                // delay before it calls OnRetry, and this delay is the wait itself: the failed try is reported here, before
                // waiting, so the health watch hears of it at once (reported in OnRetry it came a whole backoff late).
                DelayGenerator = waitForFailover is null ? null : async args =>
                {
                    Report(args.Outcome.Exception, tryFailed);
                    await waitForFailover(Backoff(options.Delay, args.AttemptNumber), args.Context.CancellationToken).ConfigureAwait(false);
                    return TimeSpan.Zero;
                },
                OnRetry = args =>
                {
                    var signal = (RetrySignal)args.Outcome.Exception!;
                    if (waitForFailover is null)
                    {
                        Report(signal, tryFailed);
                    }

                    SafetyLog.Retrying(_logger, signal.Kind, _engineId, args.AttemptNumber + 2, _options.Attempts, args.RetryDelay.TotalMilliseconds, signal.InnerException!.Message);
                    return default;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>Tells <paramref name="tryFailed"/> of the failure a <see cref="RetrySignal"/> carries.</summary>
    private static void Report(Exception? outcome, Action<DynamicDbException>? tryFailed)
    {
        if (outcome is RetrySignal { InnerException: DynamicDbException failure })
        {
            tryFailed?.Invoke(failure);
        }
    }

    /// <summary>The exponential backoff before retry <paramref name="attempt"/> (0-based): delay, 2 × delay, 4 × delay, ….</summary>
    private static TimeSpan Backoff(TimeSpan delay, int attempt) => delay * Math.Pow(2, Math.Min(attempt, 16));

    /// <summary>Runs <paramref name="statement"/> (classified by <see cref="StatementClassifier"/>) with <see cref="IDatabaseConnection.ExecAsync"/>.</summary>
    public Task<ExecResult> ExecAsync(Statement statement, Func<CancellationToken, Task<IDatabaseConnection>> current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return ExecuteAsync(StatementClassifier.Classify(statement.Sql), current, (c, ct) => c.ExecAsync(statement, ct),
            () => new ExecResult(UnknownRowsAffected, null), cancellationToken);
    }

    /// <summary>Runs <paramref name="statements"/> in one transaction with <see cref="IDatabaseConnection.TransactionAsync"/>.</summary>
    public Task<IReadOnlyList<ExecResult>> TransactionAsync(
        IReadOnlyList<Statement> statements, Func<CancellationToken, Task<IDatabaseConnection>> current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var kind = statements.All(s => StatementClassifier.Classify(s.Sql) == StatementKind.Read) ? StatementKind.Read : StatementKind.Write;
        return ExecuteAsync(kind, current, (c, ct) => c.TransactionAsync(statements, ct),
            () => statements.Select(_ => new ExecResult(UnknownRowsAffected, null)).ToList(), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on the connection <paramref name="current"/> gives, retrying as described on the
    /// type; <paramref name="committed"/> is the answer when an interrupted write is found committed.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(
        StatementKind kind,
        Func<CancellationToken, Task<IDatabaseConnection>> current,
        Func<IDatabaseConnection, CancellationToken, Task<T>> operation,
        Func<T> committed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(committed);
        long? pending = null;
        IDatabaseConnection? wroteOn = null;
        try
        {
            return await _pipeline.ExecuteAsync(async ct =>
            {
                var connection = await ResolveAsync(kind, current, ct).ConfigureAwait(false);
                if (pending is { } txid)
                {
                    var outcome = await AskAsync(kind, wroteOn!, connection, txid, ct).ConfigureAwait(false);
                    if (outcome == WriteOutcome.Committed)
                    {
                        return committed();
                    }

                    pending = null;
                }

                try
                {
                    wroteOn = connection;
                    return await operation(connection, ct).ConfigureAwait(false);
                }
                catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.EngineUnavailable || IsLostWrite(kind, e))
                {
                    if (kind == StatementKind.Write)
                    {
                        var attempt = WriteAttempt.Of(e);
                        if (attempt is null or { Stage: WriteStage.Sent, Txid: null })
                        {
                            throw Unknown(null, "the write carried no transaction id to look up (it was not tracked)", e);
                        }

                        pending = attempt.Stage == WriteStage.Sent ? attempt.Txid : null;
                    }

                    throw new RetrySignal(kind, e);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RetrySignal signal)
        {
            if (pending is { } txid)
            {
                throw Unknown(txid, $"the current primary could not be asked whether it committed within {_options.Attempts} attempt(s)", signal.InnerException);
            }

            ExceptionDispatchInfo.Throw(signal.InnerException!);
            throw;
        }
    }

    /// <summary>
    /// A write whose connection was given up on by the client's command timeout after it was sent (<c>sql.timeout</c>, e.g. a
    /// frozen primary): as ambiguous as a lost connection, so resolved the same way. A timeout the server reported (the
    /// statement was cancelled and its transaction aborted) is passed on.
    /// </summary>
    private static bool IsLostWrite(StatementKind kind, DynamicDbException e) =>
        kind == StatementKind.Write && e.ErrorCode == ErrorCodes.SqlTimeout && WriteAttempt.Of(e) is { Stage: WriteStage.Sent };

    private static async Task<IDatabaseConnection> ResolveAsync(StatementKind kind, Func<CancellationToken, Task<IDatabaseConnection>> current, CancellationToken ct)
    {
        try
        {
            return await current(ct).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.EngineUnavailable)
        {
            throw new RetrySignal(kind, e);
        }
    }

    private async Task<WriteOutcome> AskAsync(StatementKind kind, IDatabaseConnection wroteOn, IDatabaseConnection connection, long txid, CancellationToken ct)
    {
        WriteOutcome outcome;
        try
        {
            if (_firstTxidOfNewPrimary is not null && await _firstTxidOfNewPrimary(wroteOn, connection, ct).ConfigureAwait(false) is { } first && txid >= first)
            {
                SafetyLog.OutcomeResolved(_logger, txid, _engineId, WriteOutcome.NotCommitted);
                return WriteOutcome.NotCommitted;
            }

            outcome = await TxidStatus.AskAsync(connection, txid, _options, _time, ct).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.EngineUnavailable)
        {
            throw new RetrySignal(kind, e);
        }
        catch (DynamicDbException e)
        {
            throw Unknown(txid, $"asking txid_status failed: {e.Message}", e);
        }

        if (outcome == WriteOutcome.Unknown)
        {
            throw Unknown(txid, "txid_status on the current primary did not say committed or aborted (still in progress, or too old to tell)", null);
        }

        SafetyLog.OutcomeResolved(_logger, txid, _engineId, outcome);
        return outcome;
    }

    private DynamicDbException Unknown(long? txid, string reason, Exception? inner)
    {
        SafetyLog.OutcomeUnknown(_logger, txid, _engineId, reason);
        return new DynamicDbException(ErrorCodes.SqlOutcomeUnknown,
            $"The write on engine {_engineId} may or may not have been applied: its connection was lost" +
            (txid is { } id ? $" (transaction id {id})" : "") + $" and {reason}. It was not retried, so it cannot have been applied twice; " +
            "check the data before repeating it.", isTransient: false, inner);
    }

    /// <summary>The failure of one try that the retry handles; never leaves <see cref="ExecuteAsync{T}"/>.</summary>
    private sealed class RetrySignal(StatementKind kind, Exception inner) : Exception(inner.Message, inner)
    {
        public StatementKind Kind => kind;
    }
}
