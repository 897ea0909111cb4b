using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Gathers the outcomes of statement calls per engine in memory and reports them to the engine's <see cref="IEngineGrain"/>
/// at most every <see cref="FlushInterval"/>, and at once when <see cref="FailureBurst"/> failures piled up since the
/// last report (so a dead server opens the circuit without waiting for a probe). Counts only engine-side failures
/// (<c>engine.unavailable</c>, <c>sql.timeout</c>, <c>unexpected</c>); a tenant's SQL errors are the engine answering.
/// A failure that proves the server unreachable (<see cref="ConnectionFailure"/>) is reported at once together with the
/// outcomes pending, and asks the engine to probe now (<see cref="IEngineGrain.SuspectUnreachableAsync"/>; one such call per
/// engine in flight at a time, so a thousand failing statements send a handful).
/// Never blocks nor fails the statement that reports: a tiny lock per engine, reports sent without waiting.
/// </summary>
public sealed partial class EngineOutcomeReporter : IDisposable
{
    /// <summary>The longest outcomes wait before they are reported.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Failures since the last report that make the reporter report at once.</summary>
    public const int FailureBurst = 5;

    /// <summary>The most latency samples one report carries (the rest are counted, not sampled).</summary>
    public const int MaxSamples = 256;

    private readonly ConcurrentDictionary<string, Pending> _engines = new(StringComparer.OrdinalIgnoreCase);
    private readonly IGrainFactory _grains;
    private readonly ILogger<EngineOutcomeReporter> _logger;
    private readonly ITimer _timer;

    public EngineOutcomeReporter(IGrainFactory grains, TimeProvider time, ILogger<EngineOutcomeReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        _grains = grains;
        _logger = logger;
        _timer = time.CreateTimer(_ => FlushAll(), null, FlushInterval, FlushInterval);
    }

    /// <summary>True when <paramref name="errorCode"/> says the engine failed (not the tenant's statement).</summary>
    public static bool IsEngineFailure(string? errorCode) =>
        errorCode is ErrorCodes.EngineUnavailable or ErrorCodes.SqlTimeout or "unexpected";

    /// <summary>True when a call ending with <paramref name="errorCode"/> (null: success) reached the engine and tells about it.</summary>
    public static bool Counts(string? errorCode) =>
        errorCode is null or ErrorCodes.SqlError or ErrorCodes.SqlSyntax or ErrorCodes.SqlNotAllowed || IsEngineFailure(errorCode);

    /// <summary>A statement call on <paramref name="engine"/> took <paramref name="elapsed"/> and ended with <paramref name="errorCode"/> (null: success).</summary>
    /// <param name="engine">The engine the statement ran on; null (not opened) is not reported.</param>
    /// <param name="elapsed">How long the call took.</param>
    /// <param name="errorCode">The failure's code; null for success.</param>
    /// <param name="failure">The failure itself, when there is one: one that proves the server unreachable makes the engine probe now.</param>
    public void Report(string? engine, TimeSpan elapsed, string? errorCode, Exception? failure = null)
    {
        try
        {
            if (engine is null || !Counts(errorCode))
            {
                return;
            }

            var pending = _engines.GetOrAdd(engine, static _ => new Pending());
            var suspect = BeginSuspecting(engine, pending, failure);
            if (pending.Add(elapsed.TotalMilliseconds, errorCode) >= FailureBurst || suspect is not null)
            {
                Flush(engine, pending);
            }

            EndSuspecting(engine, pending, suspect);
        }
        catch (Exception e)
        {
            LogNotReported(e, engine ?? "none");
        }
    }

    /// <summary>
    /// One try of a statement on <paramref name="engine"/> failed with <paramref name="failure"/> and is being retried
    /// (a replicated engine's failover retry): counted as an engine failure at once, without a latency sample, so a dead
    /// primary opens the circuit while statements still wait to be retried.
    /// </summary>
    public void ReportFailedTry(string engine, DynamicDbException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var errorCode = failure.ErrorCode;
        try
        {
            if (!IsEngineFailure(errorCode))
            {
                return;
            }

            var pending = _engines.GetOrAdd(engine, static _ => new Pending());
            var suspect = BeginSuspecting(engine, pending, failure);
            if (pending.Add(null, errorCode) >= FailureBurst || suspect is not null)
            {
                Flush(engine, pending);
            }

            EndSuspecting(engine, pending, suspect);
        }
        catch (Exception e)
        {
            LogNotReported(e, engine);
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>
    /// When <paramref name="failure"/> proves the server unreachable and no probe request is in flight for the engine:
    /// reports the outcomes pending now (they came before the failure, so the breaker counts the failure after them, as a
    /// streak's start) and answers the reason to send once the failure is added; else null.
    /// </summary>
    private string? BeginSuspecting(string engine, Pending pending, Exception? failure)
    {
        if (!ConnectionFailure.ProvesUnreachable(failure) || !pending.TryBeginSuspecting())
        {
            return null;
        }

        Flush(engine, pending);
        return ConnectionFailure.Describe(failure!);
    }

    /// <summary>Asks the engine to probe now when <see cref="BeginSuspecting"/> answered a reason.</summary>
    private void EndSuspecting(string engine, Pending pending, string? reason)
    {
        if (reason is not null)
        {
            _ = SuspectAsync(engine, pending, reason);
        }
    }

    private async Task SuspectAsync(string engine, Pending pending, string reason)
    {
        try
        {
            await _grains.GetGrain<IEngineGrain>(engine).SuspectUnreachableAsync(reason).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogNotReported(e, engine);
        }
        finally
        {
            pending.EndSuspecting();
        }
    }

    private void FlushAll()
    {
        foreach (var (engine, pending) in _engines)
        {
            Flush(engine, pending);
        }
    }

    private void Flush(string engine, Pending pending)
    {
        if (pending.Take() is not { } batch)
        {
            return;
        }

        _ = SendAsync(engine, batch);
    }

    private async Task SendAsync(string engine, Batch batch)
    {
        try
        {
            await _grains.GetGrain<IEngineGrain>(engine).ReportAsync(batch.Succeeded, batch.Failed, batch.LatenciesMs, batch.LastFailure).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogNotReported(e, engine);
        }
    }

    [LoggerMessage(EventId = EventIds.EngineOutcomesNotReported, Level = LogLevel.Warning, Message = "Statement outcomes not reported to the engine engine={EngineId}")]
    private partial void LogNotReported(Exception exception, string engineId);

    /// <summary>One report's worth of outcomes.</summary>
    private sealed record Batch(int Succeeded, int Failed, IReadOnlyList<double> LatenciesMs, string? LastFailure);

    /// <summary>The outcomes of one engine since its last report, behind a lock held for a few instructions.</summary>
    private sealed class Pending
    {
        private readonly Lock _lock = new();
        private List<double> _latencies = [];
        private int _succeeded;
        private int _failed;
        private string? _lastFailure;
        private int _suspecting;

        /// <summary>True when no probe request is in flight for the engine (and one now is).</summary>
        public bool TryBeginSuspecting() => Interlocked.CompareExchange(ref _suspecting, 1, 0) == 0;

        /// <summary>The probe request in flight was answered.</summary>
        public void EndSuspecting() => Volatile.Write(ref _suspecting, 0);

        /// <summary>Adds one outcome; answers the failures pending now.</summary>
        public int Add(double? milliseconds, string? errorCode)
        {
            lock (_lock)
            {
                if (IsEngineFailure(errorCode))
                {
                    _failed++;
                    _lastFailure = errorCode;
                }
                else
                {
                    _succeeded++;
                }

                if (milliseconds is { } sample && _latencies.Count < MaxSamples)
                {
                    _latencies.Add(sample);
                }

                return _failed;
            }
        }

        /// <summary>Everything pending, emptied; null when nothing is.</summary>
        public Batch? Take()
        {
            lock (_lock)
            {
                if (_succeeded == 0 && _failed == 0)
                {
                    return null;
                }

                var batch = new Batch(_succeeded, _failed, _latencies, _lastFailure);
                (_succeeded, _failed, _lastFailure, _latencies) = (0, 0, null, []);
                return batch;
            }
        }
    }
}
