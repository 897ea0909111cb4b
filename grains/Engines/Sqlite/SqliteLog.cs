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

    /// <summary>A waking database passed its integrity check (<see cref="SqliteWakeCheck"/>); the time includes opening.</summary>
    [LoggerMessage(EventId = EventIds.SqliteIntegrityChecked, Level = LogLevel.Debug,
        Message = "Checked database {Database} on engine {EngineId} with PRAGMA quick_check because {Reason}: ok after {ElapsedMs} ms")]
    public static partial void IntegrityChecked(ILogger logger, string database, string engineId, string reason, double elapsedMs);

    /// <summary>A waking database failed its integrity check and was not opened; its files were left in place.</summary>
    [LoggerMessage(EventId = EventIds.SqliteDatabaseCorrupt, Level = LogLevel.Error,
        Message = "Database {Database} on engine {EngineId} is corrupt and was not opened; its files at {Path} were left in place. First problem: {Problem}")]
    public static partial void DatabaseCorrupt(ILogger logger, Exception? exception, string database, string engineId, string path, string problem);
}
