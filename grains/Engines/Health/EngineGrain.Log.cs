using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>The engine grain's structured log lines.</summary>
internal sealed partial class EngineGrain
{
    [LoggerMessage(EventId = EventIds.EngineWatching, Level = LogLevel.Information, Message = "Engine watched engine={EngineId} kind={Kind} state={State} circuit={Circuit} interval_ms={IntervalMs}")]
    private partial void LogWatching(string engineId, string kind, EngineHealthState state, CircuitState circuit, double intervalMs);

    /// <summary>Failed is an error, Degraded a warning, the rest (recovery, Healthy, Switching) information.</summary>
    private static LogLevel StateLevel(string to) => to switch
    {
        nameof(EngineHealthState.Failed) => LogLevel.Error,
        nameof(EngineHealthState.Degraded) => LogLevel.Warning,
        _ => LogLevel.Information,
    };

    /// <summary>An opened circuit is a warning; half-opening and closing are information.</summary>
    private static LogLevel CircuitLevel(string to) => to == nameof(CircuitState.Open) ? LogLevel.Warning : LogLevel.Information;

    [LoggerMessage(EventId = EventIds.EngineStateChanged, Message = "Engine health changed engine={EngineId} from={From} to={To} reason={Reason}")]
    private partial void LogStateChanged(LogLevel level, string engineId, string from, string to, string reason);

    [LoggerMessage(EventId = EventIds.EngineCircuitChanged, Message = "Engine circuit changed engine={EngineId} from={From} to={To} reason={Reason}")]
    private partial void LogCircuitChanged(LogLevel level, string engineId, string from, string to, string reason);

    [LoggerMessage(EventId = EventIds.EngineDecisionNotPersisted, Level = LogLevel.Error, Message = "Engine decision not persisted, so not taken engine={EngineId} changes={Changes}")]
    private partial void LogNotPersisted(Exception exception, string engineId, string changes);

    [LoggerMessage(EventId = EventIds.EngineProbeRoundFailed, Level = LogLevel.Error, Message = "Engine probe round failed engine={EngineId}")]
    private partial void LogRoundFailed(Exception exception, string engineId);

    [LoggerMessage(EventId = EventIds.EngineFailoverDecided, Level = LogLevel.Warning,
        Message = "Engine failover decided engine={EngineId} from={From} target={Target} epoch={Epoch} decision_ms={DecisionMs}")]
    private partial void LogFailoverDecided(string engineId, string from, string target, long epoch, double decisionMs);

    [LoggerMessage(EventId = EventIds.EngineFailedOver, Level = LogLevel.Warning,
        Message = "Engine failed over engine={EngineId} from={From} to={To} epoch={Epoch} decision_ms={DecisionMs} promotion_ms={PromotionMs}")]
    private partial void LogFailedOver(string engineId, string from, string to, long epoch, double decisionMs, double promotionMs);

    [LoggerMessage(EventId = EventIds.EngineSwitchedOver, Level = LogLevel.Warning,
        Message = "Engine switched over engine={EngineId} from={From} to={To} epoch={Epoch} held_ms={HeldMs}")]
    private partial void LogSwitchedOver(string engineId, string from, string to, long epoch, double heldMs);

    [LoggerMessage(EventId = EventIds.EngineFailoverFailed, Level = LogLevel.Error, Message = "Engine failover failed engine={EngineId}")]
    private partial void LogFailoverFailed(Exception exception, string engineId);

    [LoggerMessage(EventId = EventIds.EngineFailoverSuppressed, Level = LogLevel.Warning,
        Message = "Engine failover not repeated within the grace period engine={EngineId} last_failover_at={LastFailoverAt} grace_period_s={GraceSeconds}")]
    private partial void LogFailoverSuppressed(string engineId, DateTimeOffset lastFailoverAt, double graceSeconds);

    [LoggerMessage(EventId = EventIds.EngineFallbackFailed, Level = LogLevel.Error, Message = "Engine auto-fallback step failed engine={EngineId}")]
    private partial void LogFallbackFailed(Exception exception, string engineId);

    [LoggerMessage(EventId = EventIds.EngineMemberRejoined, Level = LogLevel.Information,
        Message = "Engine member rejoined as a standby engine={EngineId} member={Member} method={Method} elapsed_ms={ElapsedMs}")]
    private partial void LogRejoined(string engineId, string member, string method, double elapsedMs);
}
