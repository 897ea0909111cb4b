using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>The SQLite engine's structured log lines about its connections.</summary>
internal static partial class SqliteLog
{
    /// <summary>A connection held state the statement policy should have prevented (an open transaction, an attached database, a changed setting).</summary>
    [LoggerMessage(EventId = EventIds.SqliteConnectionDiscarded, Level = LogLevel.Warning,
        Message = "Discarded a connection of database {Database} on engine {EngineId} instead of pooling it: {Reason}")]
    public static partial void ConnectionDiscarded(ILogger logger, string database, string engineId, string reason);

    /// <summary>A connection held the tenant's temporary objects, which are allowed but must not reach the next request.</summary>
    [LoggerMessage(EventId = EventIds.SqliteTemporaryObjectsDiscarded, Level = LogLevel.Debug,
        Message = "Discarded a connection of database {Database} on engine {EngineId} instead of pooling it: {Reason}")]
    public static partial void TemporaryObjectsDiscarded(ILogger logger, string database, string engineId, string reason);
}
