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
        if (!_trigger.TryStart(_breaker!.State))
        {
            return Task.CompletedTask;
        }

        LogProbeTriggered(_id, reason);
        // A round already running (the timer's) is the first of them: the next follows it. They run on in the grain's
        // context (reentrant); this call answers at once.
        _round = TriggeredRoundsAsync(_round is { IsCompleted: false } running ? running : null);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Probe rounds like the timer's, <see cref="EngineHealthOptions.HealthCheckProbesDelay"/> apart, while they fail and
    /// the circuit stays Closed (at most <see cref="EngineHealthOptions.MinNumFailures"/> rounds): a database grain runs one
    /// statement at a time, and that statement waits in its failover retry, so statements alone add about one failure per
    /// retry delay; two failed rounds (<see cref="EngineHealthOptions.HealthCheckProbes"/> failures each) open the circuit
    /// at the defaults. <paramref name="running"/>, a round that was running when the suspicion came, counts as the first.
    /// Stops at the first round that passes. A round's failure is logged by <see cref="RunRoundAsync"/>.
    /// </summary>
    private async Task TriggeredRoundsAsync(Task? running)
    {
        var health = _engine!.Health;
        try
        {
            if (running is not null)
            {
                await Swallow(running);
            }

            for (var rounds = running is null ? 0 : 1; rounds < health.MinNumFailures; rounds++)
            {
                if (rounds > 0)
                {
                    if (_lastRoundHealthy || _breaker!.State != CircuitState.Closed)
                    {
                        return;
                    }

                    await Task.Delay(health.HealthCheckProbesDelay, time);
                    if (_breaker!.State != CircuitState.Closed)
                    {
                        return;
                    }
                }

                metrics.ProbeTriggered(_id);
                await Swallow(RunRoundAsync(CancellationToken.None));
            }
        }
        finally
        {
            _trigger!.Ended();
        }
    }

    /// <summary>Awaits a round; its failure was logged where it happened, and the timer's next round tries again.</summary>
    private static async Task Swallow(Task round)
    {
        try
        {
            await round;
        }
        catch (Exception)
        {
            // Logged by RunRoundAsync.
        }
    }

    [LoggerMessage(EventId = EventIds.EngineProbeTriggered, Level = LogLevel.Information,
        Message = "Engine probed now: a statement found its server unreachable engine={EngineId} cause={Cause}")]
    private partial void LogProbeTriggered(string engineId, string cause);
}
