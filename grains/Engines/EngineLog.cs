using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines;

/// <summary>The engines' structured log lines (one per state change a user would ask about).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = EventIds.DatabaseCreated, Level = LogLevel.Information,
        Message = "Created database {Database} on engine {EngineId} in {ElapsedMs} ms")]
    public static partial void DatabaseCreated(ILogger logger, string database, string engineId, double elapsedMs);

    [LoggerMessage(EventId = EventIds.DatabaseOpened, Level = LogLevel.Information,
        Message = "Opened (woke) database {Database} on engine {EngineId} in {ElapsedMs} ms")]
    public static partial void DatabaseOpened(ILogger logger, string database, string engineId, double elapsedMs);

    [LoggerMessage(EventId = EventIds.DatabaseClosed, Level = LogLevel.Information,
        Message = "Closed (hibernated) database {Database} on engine {EngineId} in {ElapsedMs} ms")]
    public static partial void DatabaseClosed(ILogger logger, string database, string engineId, double elapsedMs);

    [LoggerMessage(EventId = EventIds.DatabaseDropped, Level = LogLevel.Information,
        Message = "Dropped database {Database} on engine {EngineId}: its data was moved to {DroppedTo}")]
    public static partial void DatabaseDropped(ILogger logger, string database, string engineId, string droppedTo);

    [LoggerMessage(EventId = EventIds.InstanceStarted, Level = LogLevel.Information,
        Message = "Started the PostgreSQL instance of database {Database} on port {Port} in {ElapsedMs} ms")]
    public static partial void InstanceStarted(ILogger logger, string database, int port, double elapsedMs);

    [LoggerMessage(EventId = EventIds.InstanceStopped, Level = LogLevel.Information,
        Message = "Stopped the PostgreSQL instance of database {Database} and freed port {Port} in {ElapsedMs} ms")]
    public static partial void InstanceStopped(ILogger logger, string database, int port, double elapsedMs);

    [LoggerMessage(EventId = EventIds.InstanceAdopted, Level = LogLevel.Warning,
        Message = "Adopted the already running PostgreSQL instance of database {Database} on port {Port} (left running by an earlier process)")]
    public static partial void InstanceAdopted(ILogger logger, string database, int port);

    [LoggerMessage(EventId = EventIds.InstanceStopFailed, Level = LogLevel.Warning,
        Message = "Could not stop the PostgreSQL instance of database {Database} on port {Port}")]
    public static partial void InstanceStopFailed(ILogger logger, Exception exception, string database, int port);

    [LoggerMessage(EventId = EventIds.TemplateCreated, Level = LogLevel.Information,
        Message = "Prepared the PostgreSQL template cluster {TemplateDirectory} for engine {EngineId} in {ElapsedMs} ms")]
    public static partial void TemplateCreated(ILogger logger, string templateDirectory, string engineId, double elapsedMs);

    [LoggerMessage(EventId = EventIds.EngineCreated, Level = LogLevel.Information,
        Message = "Configured engine {EngineId} of kind {EngineKind} (default: {IsDefault})")]
    public static partial void EngineCreated(ILogger logger, string engineId, string engineKind, bool isDefault);

    [LoggerMessage(EventId = EventIds.TenantRoleCreated, Level = LogLevel.Information,
        Message = "Created the tenant role {Role} of database {Database}")]
    public static partial void TenantRoleCreated(ILogger logger, string role, string database);

    [LoggerMessage(EventId = EventIds.TenantDatabaseRetried, Level = LogLevel.Information,
        Message = "Preparing tenant database {Database} met a concurrent change (attempt {Attempt}, SQLSTATE {SqlState}, connection {ConnectionState}); trying again")]
    public static partial void TenantDatabaseRetried(ILogger logger, string database, int attempt, string sqlState, string connectionState, Exception exception);

    [LoggerMessage(EventId = EventIds.DatabaseMigratedToRole, Level = LogLevel.Warning,
        Message = "Migrated database {Database} to its tenant role {Role}: {ObjectCount} objects and the database now belong to it")]
    public static partial void DatabaseMigratedToRole(ILogger logger, string database, string role, int objectCount);

    [LoggerMessage(EventId = EventIds.TenantStartupDone, Level = LogLevel.Information,
        Message = "Start-up tenant role check on engine {EngineId}: databases={Checked} migrated={Migrated} failed={Failed} in {ElapsedMs} ms")]
    public static partial void TenantStartupDone(ILogger logger, string engineId, int @checked, int migrated, int failed, double elapsedMs);

    [LoggerMessage(EventId = EventIds.TenantStartupFailed, Level = LogLevel.Warning,
        Message = "Start-up migration of database {Database} on engine {EngineId} to its tenant role failed; it is retried when the database opens")]
    public static partial void TenantStartupFailed(ILogger logger, Exception exception, string database, string engineId);

    [LoggerMessage(EventId = EventIds.TenantStartupSkipped, Level = LogLevel.Warning,
        Message = "Start-up tenant role check on engine {EngineId} skipped: the server could not be asked; its {Count} databases are migrated when they open")]
    public static partial void TenantStartupSkipped(ILogger logger, Exception exception, string engineId, int count);

    /// <summary>Milliseconds since a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>, rounded for logs.</summary>
    public static double ElapsedMs(long startTimestamp) =>
        Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, 1);
}
