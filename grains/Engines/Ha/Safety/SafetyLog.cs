using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>The structured log lines of statement safety across a failover.</summary>
internal static partial class SafetyLog
{
    [LoggerMessage(EventId = EventIds.FailoverRetrying, Level = LogLevel.Warning,
        Message = "Retrying a {Kind} on engine {EngineId} (attempt {Attempt} of {Attempts}) in {DelayMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, StatementKind kind, string engineId, int attempt, int attempts, double delayMs, string reason);

    [LoggerMessage(EventId = EventIds.WriteOutcomeResolved, Level = LogLevel.Information,
        Message = "The interrupted write with transaction id {Txid} on engine {EngineId} is {Outcome} on the current primary")]
    public static partial void OutcomeResolved(ILogger logger, long txid, string engineId, WriteOutcome outcome);

    [LoggerMessage(EventId = EventIds.WriteOutcomeUnknown, Level = LogLevel.Error,
        Message = "The outcome of an interrupted write (transaction id {Txid}) on engine {EngineId} cannot be known: {Reason}")]
    public static partial void OutcomeUnknown(ILogger logger, long? txid, string engineId, string reason);

    [LoggerMessage(EventId = EventIds.SyncStandbyWaitCancelled, Level = LogLevel.Warning,
        Message = "Cancelled the commit wait of a write to database {Database} on engine {EngineId}: no synchronous standby confirmed it within {TimeoutMs} ms")]
    public static partial void SyncStandbyWaitCancelled(ILogger logger, string database, string engineId, double timeoutMs);
}
