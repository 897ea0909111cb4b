using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>The SQLite engine's structured log lines about its connections.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = EventIds.SqliteConnectionDiscarded, Level = LogLevel.Warning,
        Message = "Discarded a connection of database {Database} on engine {EngineId} instead of pooling it: {Reason}")]
    public static partial void ConnectionDiscarded(ILogger logger, string database, string engineId, string reason);
}
