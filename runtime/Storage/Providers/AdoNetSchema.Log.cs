using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Storage;

internal sealed partial class AdoNetSchema
{
    [LoggerMessage(EventId = StorageEventIds.TableCreated, Level = LogLevel.Information,
        Message = "Created {Kind} table {Table} in the {Database} database (schema version {Version})")]
    private static partial void LogTableCreated(ILogger logger, string kind, string table, string database, int version);

    [LoggerMessage(EventId = StorageEventIds.TableUpgraded, Level = LogLevel.Information,
        Message = "Upgraded {Kind} table {Table} in the {Database} database from schema version {FromVersion} to {ToVersion}")]
    private static partial void LogTableUpgraded(ILogger logger, string kind, string table, string database, int fromVersion, int toVersion);
}
