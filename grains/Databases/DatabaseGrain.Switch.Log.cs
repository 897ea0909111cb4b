using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Databases;

internal sealed partial class DatabaseGrain
{
    [LoggerMessage(EventId = EventIds.SwitchStarted, Level = LogLevel.Information, Message = "Engine switch started database={Database} switch={SwitchId} from={Source} to={Target} requested_by={RequestedBy}")]
    private partial void LogSwitchStarted(string database, string switchId, string source, string target, string requestedBy);

    [LoggerMessage(EventId = EventIds.SwitchPhaseEntered, Level = LogLevel.Information, Message = "Engine switch phase entered database={Database} switch={SwitchId} phase={Phase} elapsed_ms={ElapsedMs:F1}")]
    private partial void LogSwitchPhase(string database, string switchId, string phase, double elapsedMs);

    [LoggerMessage(EventId = EventIds.SwitchCutOver, Level = LogLevel.Information, Message = "Engine switch cut over database={Database} switch={SwitchId} now_on={Engine} write_pause_ms={WritePauseMs:F1}")]
    private partial void LogSwitchCutOver(string database, string switchId, string engine, double writePauseMs);

    [LoggerMessage(EventId = EventIds.SwitchEnded, Level = LogLevel.Information, Message = "Engine switch ended database={Database} switch={SwitchId} state={State} from={Source} on={Engine} duration_ms={DurationMs} write_pause_ms={WritePauseMs:F1} error={Error}")]
    private partial void LogSwitchEnded(string database, string switchId, string state, string source, string engine, long durationMs, double writePauseMs, string error);

    [LoggerMessage(EventId = EventIds.SwitchFailed, Level = LogLevel.Warning, Message = "Engine switch failed database={Database} switch={SwitchId} phase={Phase}")]
    private partial void LogSwitchFailed(Exception exception, string database, string switchId, string phase);

    [LoggerMessage(EventId = EventIds.SwitchNotRecorded, Level = LogLevel.Error, Message = "Engine switch end not recorded in the catalog database={Database} switch={SwitchId} state={State}; the next activation finishes it")]
    private partial void LogSwitchNotRecorded(Exception exception, string database, string switchId, string state);

    [LoggerMessage(EventId = EventIds.SwitchTargetSetAside, Level = LogLevel.Warning, Message = "Engine switch set a copy aside database={Database} switch={SwitchId} engine={Engine} moved_to={MovedTo}")]
    private partial void LogSwitchTargetSetAside(string database, string switchId, string engine, string movedTo);

    [LoggerMessage(EventId = EventIds.SwitchCleanupFailed, Level = LogLevel.Warning, Message = "Engine switch could not {Step} database={Database} switch={SwitchId}")]
    private partial void LogSwitchCleanupFailed(Exception exception, string database, string switchId, string step);

    [LoggerMessage(EventId = EventIds.SwitchRecovered, Level = LogLevel.Warning, Message = "Interrupted engine switch finished on wake database={Database} switch={SwitchId} state={State} engine={Engine}")]
    private partial void LogSwitchRecovered(string database, string switchId, string state, string engine);

    [LoggerMessage(EventId = EventIds.SwitchHalted, Level = LogLevel.Critical, Message = "Engine switch halted by DynamicDb:Switching:HaltAfterPhase (diagnostics) database={Database} switch={SwitchId} phase={Phase}")]
    private partial void LogSwitchHalted(string database, string switchId, string phase);
}
