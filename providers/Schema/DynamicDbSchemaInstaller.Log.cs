using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Providers.Storage;

namespace Orleans.DynamicDb.Providers.Schema;

public sealed partial class DynamicDbSchemaInstaller
{
    [LoggerMessage(EventId = EventIds.SchemaInstallStarted, Level = LogLevel.Information, Message = "Checking the Orleans storage schema on {Engine} ({Target}); this build knows {Versions} version(s)")]
    private static partial void LogInstallStarted(ILogger logger, DynamicDbStorageEngine engine, string target, int versions);

    [LoggerMessage(EventId = EventIds.SchemaMigrationApplied, Level = LogLevel.Information, Message = "Applied Orleans storage schema script {Script} on {Engine}: schema version {Version}")]
    private static partial void LogMigrationApplied(ILogger logger, DynamicDbStorageEngine engine, string script, int version);

    [LoggerMessage(EventId = EventIds.SchemaUpToDate, Level = LogLevel.Information, Message = "The Orleans storage schema on {Engine} is current (version {Version})")]
    private static partial void LogUpToDate(ILogger logger, DynamicDbStorageEngine engine, int version);

    [LoggerMessage(EventId = EventIds.SchemaInstallFailed, Level = LogLevel.Error, Message = "Installing the Orleans storage schema on {Engine} ({Target}) failed")]
    private static partial void LogInstallFailed(ILogger logger, Exception exception, DynamicDbStorageEngine engine, string target);

    [LoggerMessage(EventId = EventIds.SchemaLockWaited, Level = LogLevel.Information, Message = "Another silo is installing the Orleans storage schema; waiting for advisory lock {LockKey}")]
    private static partial void LogLockWaited(ILogger logger, long lockKey);
}
