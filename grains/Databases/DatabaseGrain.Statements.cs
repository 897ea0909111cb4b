using System.Diagnostics;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Telemetry;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The hot path: <see cref="ExecAsync"/> and <see cref="QueryAsync"/>, each one async method that does what the other
/// statement calls do in layers (the hibernation filter's bookkeeping, <see cref="Traced{T}"/>, the gate, admission,
/// the timeout, <see cref="OnEngine{T}"/>), in the same order, without a closure, a delegate or an async frame per layer.
/// </summary>
internal sealed partial class DatabaseGrain
{
    private const string ExecOperation = "exec";
    private const string QueryOperation = "query";

    public async Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken)
    {
        var call = BeginStatement(ExecOperation);
        try
        {
            ArgumentNullException.ThrowIfNull(statement);
            ExecResult result;
            using (await _gate.EnterAsync(cancellationToken))
            {
                var connection = await ConnectionAsync(cancellationToken);
                await EnsureCurrentEpochAsync(cancellationToken);
                using (await AdmitAsync(statement.Tier, cancellationToken))
                {
                    using var timeout = Timeout(_options.QueryTimeout, cancellationToken);
                    var engine = StartEngineActivity(ExecOperation);
                    try
                    {
                        result = await connection.ExecAsync(statement, timeout.Token);
                    }
                    catch (Exception e)
                    {
                        EndActivity(engine, EngineActivityTag, e);
                        if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                        {
                            throw TimedOut(_options.QueryTimeout, "QueryTimeout");
                        }

                        throw;
                    }

                    EndActivity(engine, EngineActivityTag, failure: null);
                }
            }

            await StatementSucceededAsync(call);
            return result;
        }
        catch (Exception e)
        {
            throw StatementFailed(call, e);
        }
        finally
        {
            EndStatement(call);
        }
    }

    public async Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken)
    {
        var call = BeginStatement(QueryOperation);
        try
        {
            ArgumentNullException.ThrowIfNull(statement);
            QueryResult result;
            using (await _gate.EnterAsync(cancellationToken))
            {
                var connection = await ConnectionAsync(cancellationToken);
                using (await AdmitAsync(statement.Tier, cancellationToken))
                {
                    using var timeout = Timeout(_options.QueryTimeout, cancellationToken);
                    var engine = StartEngineActivity(QueryOperation);
                    try
                    {
                        result = await connection.QueryAsync(statement, timeout.Token);
                    }
                    catch (Exception e)
                    {
                        EndActivity(engine, EngineActivityTag, e);
                        if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                        {
                            throw TimedOut(_options.QueryTimeout, "QueryTimeout");
                        }

                        throw;
                    }

                    EndActivity(engine, EngineActivityTag, failure: null);
                }
            }

            await StatementSucceededAsync(call);
            return result;
        }
        catch (Exception e)
        {
            throw StatementFailed(call, e);
        }
        finally
        {
            EndStatement(call);
        }
    }

    /// <summary>What the engine activity is tagged with: the engine the statement ran on.</summary>
    private string? EngineActivityTag => _engine?.Id ?? _info?.Engine;

    /// <summary>
    /// A statement call starts: counted as running (hibernation), its load recorded, its <c>dyndb.grain.{operation}</c>
    /// activity started when someone listens.
    /// </summary>
    private StatementCall BeginStatement(string operation)
    {
        _callsRunning++;
        _lastCall = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var load = BeginLoad();
        return new StatementCall(operation, started, load, DynamicDbActivities.Start(DynamicDbActivities.GrainPrefix, operation, _name));
    }

    /// <summary>The call succeeded: its activity, duration metric, the engine's health watch and the placement (as <see cref="Traced{T}"/>).</summary>
    private Task StatementSucceededAsync(StatementCall call)
    {
        EndActivity(call.Activity, _info?.Engine, failure: null);
        var elapsed = Stopwatch.GetElapsedTime(call.Started);
        metrics.Statement(_info?.Engine, call.Operation, elapsed, errorCode: null);
        Outcomes?.Report(_info?.Engine, elapsed, errorCode: null);
        return _engine is Engines.Ha.IReplicatedEngine ? RecordPlacementAsync(CancellationToken.None) : Task.CompletedTask;
    }

    /// <summary>
    /// The call failed: recorded as <see cref="Traced{T}"/> does, and answers what to throw: the error itself, or a
    /// <see cref="DynamicDbException"/> without the engine driver's inner exception (as the hibernation filter does).
    /// </summary>
    private Exception StatementFailed(StatementCall call, Exception e)
    {
        if (call.Activity is { IsStopped: false } activity)
        {
            EndActivity(activity, _info?.Engine, e);
        }

        var elapsed = Stopwatch.GetElapsedTime(call.Started);
        var code = e is DynamicDbException d ? d.ErrorCode : "unexpected";
        metrics.Statement(_info?.Engine, call.Operation, elapsed, code);
        Outcomes?.Report(_info?.Engine, elapsed, code, e);

        return e is DynamicDbException { InnerException: not null } inner
            ? new DynamicDbException(inner.ErrorCode, inner.Message, inner.IsTransient) { SqlState = inner.SqlState }
            : e;
    }

    private void EndStatement(StatementCall call)
    {
        call.Load.Dispose();
        _callsRunning--;
        _lastCall = time.GetUtcNow();
    }

    private Activity? StartEngineActivity(string operation) =>
        DynamicDbActivities.Start(DynamicDbActivities.EnginePrefix, operation, _name, ActivityKind.Client);

    /// <summary>Tags and stops an activity as <see cref="DynamicDbActivities"/> does: the engine and the outcome (<c>ok</c>, the error code, or the exception's type).</summary>
    private static void EndActivity(Activity? activity, string? engine, Exception? failure)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(DynamicDbActivities.EngineTag, engine);
        if (failure is null)
        {
            activity.SetTag(DynamicDbActivities.OutcomeTag, "ok");
        }
        else
        {
            var outcome = failure is DynamicDbException d ? d.ErrorCode : failure.GetType().Name;
            activity.SetTag(DynamicDbActivities.OutcomeTag, outcome);
            activity.SetStatus(ActivityStatusCode.Error, outcome);
        }

        activity.Dispose();
    }

    /// <summary>One statement call in flight.</summary>
    private readonly record struct StatementCall(string Operation, long Started, LoadRecorder.Call Load, Activity? Activity);
}
