using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>The <c>postgres-ha</c> engine's structured log lines.</summary>
internal static partial class HaEngineLog
{
    [LoggerMessage(EventId = EventIds.HaEngineStarted, Level = LogLevel.Information,
        Message = "Replicated engine serving engine={EngineId} epoch={Epoch} primary={Primary} members={Members}")]
    public static partial void Started(ILogger logger, string engineId, long epoch, string primary, int members);

    [LoggerMessage(EventId = EventIds.HaEngineStopped, Level = LogLevel.Information, Message = "Replicated engine stopped engine={EngineId}")]
    public static partial void Stopped(ILogger logger, string engineId);

    [LoggerMessage(EventId = EventIds.HaEngineStartFailed, Level = LogLevel.Critical, Message = "Replicated engine could not start engine={EngineId}")]
    public static partial void StartFailed(ILogger logger, Exception exception, string engineId);

    [LoggerMessage(EventId = EventIds.HaConnectionReopened, Level = LogLevel.Information,
        Message = "Database reopened on the new primary database={Database} engine={EngineId} from_epoch={FromEpoch} to_epoch={ToEpoch} primary={Primary}")]
    public static partial void Reopened(ILogger logger, string database, string engineId, long fromEpoch, long toEpoch, string primary);
}
