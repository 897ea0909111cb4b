using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Out-of-band probe rounds: a statement failure that proves the server unreachable makes the engine probe now instead
/// of at the next interval (<see cref="ProbeTrigger"/> keeps it to one extra round at a time).
/// </summary>
internal sealed partial class EngineGrain
{
    private ProbeTrigger? _trigger;

    public Task SuspectUnreachableAsync(string reason)
    {
        if (_engine is null || !_engine.Health.ProbeOnConnectionFailure)
        {
            return Task.CompletedTask;
        }

        _trigger ??= new ProbeTrigger(_engine.Health.HealthCheckProbesDelay, time);
        if (!_trigger.TryStart(_breaker!.State, _round is { IsCompleted: false }))
        {
            return Task.CompletedTask;
        }

        metrics.ProbeTriggered(_id);
        LogProbeTriggered(_id, reason);
        _round = TriggeredRoundAsync();
        // The rounds run on in the grain's context (reentrant); this call answers at once.
        return Task.CompletedTask;
    }

    /// <summary>
    /// Probe rounds like the timer's, <see cref="EngineHealthOptions.HealthCheckProbesDelay"/> apart, while they fail and
    /// the circuit stays Closed (at most <see cref="EngineHealthOptions.MinNumFailures"/> rounds): a database grain runs one
    /// statement at a time, and that statement waits in its failover retry, so statements alone add about one failure per
    /// retry delay; two failed rounds (<see cref="EngineHealthOptions.HealthCheckProbes"/> failures each) open the circuit
    /// at the defaults. Stops at the first round that passes. A round's failure is logged by <see cref="RunRoundAsync"/>.
    /// </summary>
    private async Task TriggeredRoundAsync()
    {
        var health = _engine!.Health;
        for (var rounds = 1; ; rounds++)
        {
            try
            {
                await RunRoundAsync(CancellationToken.None);
            }
            catch (Exception)
            {
                // Logged where it happened; the timer's next round tries again.
            }
            finally
            {
                _trigger!.Ended();
            }

            if (_lastRoundHealthy || _breaker!.State != CircuitState.Closed || rounds >= health.MinNumFailures)
            {
                return;
            }

            await Task.Delay(health.HealthCheckProbesDelay, time);
            if (!_trigger!.TryStart(_breaker.State, roundRunning: false))
            {
                return;
            }

            metrics.ProbeTriggered(_id);
        }
    }

    [LoggerMessage(EventId = EventIds.EngineProbeTriggered, Level = LogLevel.Information,
        Message = "Engine probed now: a statement found its server unreachable engine={EngineId} cause={Cause}")]
    private partial void LogProbeTriggered(string engineId, string cause);
}
