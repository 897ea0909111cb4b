using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>The mover's log lines (event ids 2400–2429).</summary>
internal sealed partial class DatabaseMover
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MovePlanned, Level = LogLevel.Information,
            Message = "Planned moving database {DatabaseId} from engine {SourceEngineId} to {TargetEngineId}: {Tables} tables, {Bytes} bytes")]
        public static partial void Planned(ILogger logger, string databaseId, string sourceEngineId, string targetEngineId, int tables, long bytes);

        [LoggerMessage(EventId = EventIds.MoveRefused, Level = LogLevel.Warning,
            Message = "Refused moving database {DatabaseId} from engine {SourceEngineId} to {TargetEngineId}: {Reason}")]
        public static partial void Refused(ILogger logger, string databaseId, string sourceEngineId, string targetEngineId, string reason);

        [LoggerMessage(EventId = EventIds.MoveCaptureStarted, Level = LogLevel.Information,
            Message = "Change capture started for database {DatabaseId} on engine {EngineId} ({Tables} tables)")]
        public static partial void CaptureStarted(ILogger logger, string databaseId, string engineId, int tables);

        [LoggerMessage(EventId = EventIds.MoveCopied, Level = LogLevel.Information,
            Message = "Copied database {DatabaseId} from engine {SourceEngineId} to {TargetEngineId}: {Rows} rows, {Bytes} bytes, snapshot at change {SnapshotSeq}, in {ElapsedMs} ms")]
        public static partial void Copied(ILogger logger, string databaseId, string sourceEngineId, string targetEngineId, long rows, long bytes, long snapshotSeq, double elapsedMs);

        [LoggerMessage(EventId = EventIds.MoveCaughtUp, Level = LogLevel.Debug,
            Message = "Replayed {Applied} changes of database {DatabaseId} from engine {FromEngineId} to {ToEngineId} up to change {LastSeq}, {Remaining} left, in {ElapsedMs} ms")]
        public static partial void CaughtUp(ILogger logger, string databaseId, string fromEngineId, string toEngineId, int applied, long lastSeq, long remaining, double elapsedMs);

        [LoggerMessage(EventId = EventIds.MoveSchemaChanged, Level = LogLevel.Warning,
            Message = "Move of database {DatabaseId} aborted: the schema changed on engine {EngineId}: {Reason}")]
        public static partial void SchemaChanged(ILogger logger, string databaseId, string engineId, string reason);

        [LoggerMessage(EventId = EventIds.MoveValidated, Level = LogLevel.Information,
            Message = "Validated database {DatabaseId} between engine {SourceEngineId} and {TargetEngineId}: passed {Passed}, {Tables} tables. {Mismatches}")]
        public static partial void Validated(ILogger logger, string databaseId, string sourceEngineId, string targetEngineId, bool passed, int tables, string mismatches);

        [LoggerMessage(EventId = EventIds.MoveCaptureStopped, Level = LogLevel.Information,
            Message = "Change capture removed from database {DatabaseId} on engine {EngineId}")]
        public static partial void CaptureStopped(ILogger logger, string databaseId, string engineId);

        [LoggerMessage(EventId = EventIds.MoveCaptureStopFailed, Level = LogLevel.Warning,
            Message = "Change capture could not be removed from database {DatabaseId} on engine {EngineId}; it is removed by the next StopCapture")]
        public static partial void CaptureStopFailed(ILogger logger, Exception exception, string databaseId, string engineId);
    }
}
