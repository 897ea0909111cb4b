namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>The log lines of <see cref="SiloHostLifecycle"/>.</summary>
internal sealed partial class SiloHostLifecycle
{
    [LoggerMessage(EventId = SiloEventIds.DataDirectory, Level = LogLevel.Information, Message = "Data directory: {DataDirectory}")]
    private partial void LogDataDirectory(string dataDirectory);

    [LoggerMessage(EventId = SiloEventIds.SiloReady, Level = LogLevel.Information, Message = "Silo host ready: start {Starts} on this data directory (first start {FirstStartedAt:O})")]
    private partial void LogSiloReady(int starts, DateTimeOffset? firstStartedAt);

    [LoggerMessage(EventId = SiloEventIds.SiloStopping, Level = LogLevel.Information, Message = "Silo host stopping: deactivating grains")]
    private partial void LogStopping();

    [LoggerMessage(EventId = SiloEventIds.SiloHostStopped, Level = LogLevel.Information, Message = "Silo host stopped")]
    private partial void LogStopped();
}
