using Microsoft.Extensions.Logging;
using Orleans;

namespace Orleans.DynamicDb.Databases;

internal sealed partial class DatabaseGrain
{
    [LoggerMessage(EventId = EventIds.DatabaseProvisioned, Level = LogLevel.Information, Message = "Database created database={Database} engine={Engine} elapsed_ms={ElapsedMs:F1}")]
    private partial void LogCreated(string database, string engine, double elapsedMs);

    [LoggerMessage(EventId = EventIds.DatabaseWoke, Level = LogLevel.Information, Message = "Database woke up successfully database={Database} engine={Engine} elapsed_ms={ElapsedMs:F1} slept={Slept}")]
    private partial void LogWoke(string database, string engine, double elapsedMs, TimeSpan slept);

    [LoggerMessage(EventId = EventIds.DatabaseHibernated, Level = LogLevel.Information, Message = "Database hibernated successfully database={Database} engine={Engine} reason={Reason} elapsed_ms={ElapsedMs:F1}")]
    private partial void LogHibernated(string database, string engine, DeactivationReasonCode reason, double elapsedMs);

    [LoggerMessage(EventId = EventIds.DatabaseRemoved, Level = LogLevel.Warning, Message = "Database dropped database={Database} engine={Engine} moved_to={MovedTo}")]
    private partial void LogDropped(string database, string engine, string movedTo);

    [LoggerMessage(EventId = EventIds.CatalogFlushFailed, Level = LogLevel.Warning, Message = "Could not record the last activity of database={Database}; retrying at the next flush")]
    private partial void LogFlushFailed(string database, Exception exception);

    [LoggerMessage(EventId = EventIds.DatabaseCloseFailed, Level = LogLevel.Warning, Message = "Closing database={Database} engine={Engine} failed; its connection was let go and the database hibernates anyway")]
    private partial void LogCloseFailed(string database, string engine, Exception exception);

    [LoggerMessage(EventId = EventIds.CursorClosed, Level = LogLevel.Debug, Message = "Query cursor closed database={Database} reason={Reason} rows={Rows} bytes={Bytes}")]
    private partial void LogCursorClosed(string database, string reason, long rows, long bytes);

    [LoggerMessage(EventId = EventIds.CursorCloseFailed, Level = LogLevel.Warning, Message = "Closing a query cursor of database={Database} failed reason={Reason}; it was let go")]
    private partial void LogCursorCloseFailed(string database, string reason, Exception exception);

    [LoggerMessage(EventId = EventIds.DatabaseActivationClaimed, Level = LogLevel.Debug, Message = "Database activation claimed database={Database} epoch={Epoch} activation={Activation} silo={Silo}")]
    private partial void LogActivationClaimed(string database, long epoch, string activation, string silo);

    [LoggerMessage(EventId = EventIds.DatabaseActivationSuperseded, Level = LogLevel.Warning, Message = "Database activation superseded by a newer one: refusing writes and deactivating database={Database} epoch={Epoch} activation={Activation} during={During}")]
    private partial void LogActivationSuperseded(string database, long epoch, string activation, string during);

    [LoggerMessage(EventId = EventIds.DatabaseActivationEndFailed, Level = LogLevel.Warning, Message = "Could not record the end of database={Database} epoch={Epoch} reason={Reason}; the next activation marks it abandoned")]
    private partial void LogActivationEndFailed(string database, long epoch, string reason, Exception exception);
}
