using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Activation;

internal sealed partial class GrainRuntime
{
    internal void LogOneWayFailed(GrainId grainId, string method, Exception exception) => LogOneWayFailedCore(grainId, method, exception);

    internal void LogUnhandledTurnException(GrainId grainId, Exception exception) => LogUnhandledTurnExceptionCore(grainId, exception);

    internal void LogActivationFailed(GrainId grainId, Exception exception) => LogActivationFailedCore(grainId, exception);

    internal void LogDeactivationFailed(GrainId grainId, Exception exception) => LogDeactivationFailedCore(grainId, exception);

    internal void LogTimerFailed(GrainId grainId, Exception exception) => LogTimerFailedCore(grainId, exception);

    [LoggerMessage(EventId = RuntimeEventIds.Activated, Level = LogLevel.Debug, Message = "Activated grain {GrainId} in {ElapsedMs:F1} ms")]
    private partial void LogActivated(GrainId grainId, double elapsedMs);

    [LoggerMessage(EventId = RuntimeEventIds.Deactivated, Level = LogLevel.Debug, Message = "Deactivated grain {GrainId}: {ReasonCode} ({Description})")]
    private partial void LogDeactivated(GrainId grainId, DeactivationReasonCode reasonCode, string description);

    [LoggerMessage(EventId = RuntimeEventIds.ActivationFailed, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed")]
    private partial void LogActivationFailedCore(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = RuntimeEventIds.DeactivationFailed, Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed; the activation is dropped anyway")]
    private partial void LogDeactivationFailedCore(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = RuntimeEventIds.OneWayFailed, Level = LogLevel.Warning, Message = "One-way call {Method} to grain {GrainId} failed")]
    private partial void LogOneWayFailedCore(GrainId grainId, string method, Exception exception);

    [LoggerMessage(EventId = RuntimeEventIds.UnhandledTurnException, Level = LogLevel.Error, Message = "A turn of grain {GrainId} threw an unhandled exception")]
    private partial void LogUnhandledTurnExceptionCore(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = RuntimeEventIds.TimerFailed, Level = LogLevel.Warning, Message = "A timer callback of grain {GrainId} failed")]
    private partial void LogTimerFailedCore(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = RuntimeEventIds.CallTimedOut, Level = LogLevel.Warning, Message = "Call {Method} to grain {GrainId} timed out after {Timeout}")]
    private partial void LogCallTimedOut(GrainId grainId, string method, TimeSpan timeout);

    [LoggerMessage(EventId = RuntimeEventIds.ShuttingDown, Level = LogLevel.Information, Message = "Shutting down: deactivating {Count} activations")]
    private partial void LogShuttingDown(int count);
}
