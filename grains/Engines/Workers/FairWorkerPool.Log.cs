using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Workers;

/// <summary>The worker pool's structured log lines.</summary>
internal sealed partial class FairWorkerPool
{
    [LoggerMessage(EventId = EventIds.WorkersStarted, Level = LogLevel.Information,
        Message = "Started {Workers} worker threads for engine {EngineId} (at most {MaxWorkersPerApp} busy and {MaxQueuedPerApp} waiting per application)")]
    private static partial void LogStarted(ILogger logger, string engineId, int workers, int maxWorkersPerApp, int maxQueuedPerApp);

    [LoggerMessage(EventId = EventIds.WorkersStopped, Level = LogLevel.Information,
        Message = "Stopped the worker threads of engine {EngineId}")]
    private static partial void LogStopped(ILogger logger, string engineId);
}
