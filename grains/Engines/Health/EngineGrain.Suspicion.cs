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
        return Task.CompletedTask;
    }

    /// <summary>One probe round like the timer's; its failure is logged by <see cref="RunRoundAsync"/> and swallowed here.</summary>
    private async Task TriggeredRoundAsync()
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
    }

    [LoggerMessage(EventId = EventIds.EngineProbeTriggered, Level = LogLevel.Information,
        Message = "Engine probed now: a statement found its server unreachable engine={EngineId} cause={Cause}")]
    private partial void LogProbeTriggered(string engineId, string cause);
}
