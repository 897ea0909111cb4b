using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>Tier routing's structured log lines (event ids 2640–2659).</summary>
internal static partial class ReadRoutingLog
{
    [LoggerMessage(EventId = EventIds.TierReadsStarted, Level = LogLevel.Information,
        Message = "Standby reads on engine={EngineId} max_lag_ms={MaxLagMs} poll_ms={PollMs}")]
    public static partial void Started(ILogger logger, string engineId, double maxLagMs, double pollMs);

    [LoggerMessage(EventId = EventIds.TierStandbyQualified, Level = LogLevel.Information,
        Message = "Standby qualifies for reads engine={EngineId} member={Member} lag_ms={LagMs}")]
    public static partial void Qualified(ILogger logger, string engineId, string member, double lagMs);

    [LoggerMessage(EventId = EventIds.TierStandbyDisqualified, Level = LogLevel.Information,
        Message = "Standby no longer serves reads engine={EngineId} member={Member} reason={Reason} lag_ms={LagMs}")]
    public static partial void Disqualified(ILogger logger, string engineId, string member, string reason, double lagMs);

    [LoggerMessage(EventId = EventIds.TierStandbyReadFailed, Level = LogLevel.Warning,
        Message = "Standby read failed, run on the primary engine={EngineId} member={Member} code={ErrorCode}")]
    public static partial void StandbyReadFailed(ILogger logger, Exception exception, string engineId, string member, string errorCode);

    [LoggerMessage(EventId = EventIds.TierLagPollFailed, Level = LogLevel.Warning, Message = "Lag poll failed engine={EngineId}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string engineId);

    [LoggerMessage(EventId = EventIds.TierWritePositionUnknown, Level = LogLevel.Debug,
        Message = "Write position unknown, session reads the primary engine={EngineId} session={SessionId}")]
    public static partial void WritePositionUnknown(ILogger logger, Exception exception, string engineId, string sessionId);
}
