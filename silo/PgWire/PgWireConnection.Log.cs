using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The connection's log lines (silo event ids 4080–4099).</summary>
internal sealed partial class PgWireConnection
{
    [LoggerMessage(EventId = SiloEventIds.PgWireConnected, Level = LogLevel.Debug,
        Message = "PostgreSQL wire client {Remote} connected as app '{App}' to database '{Database}' (process id {ProcessId})")]
    private static partial void LogConnected(ILogger logger, string remote, string app, string database, int processId);

    [LoggerMessage(EventId = SiloEventIds.PgWireAuthenticationFailed, Level = LogLevel.Warning,
        Message = "PostgreSQL wire client {Remote} failed password authentication as app '{App}'")]
    private static partial void LogAuthenticationFailed(ILogger logger, string remote, string app);

    [LoggerMessage(EventId = SiloEventIds.PgWireRefused, Level = LogLevel.Warning,
        Message = "PostgreSQL wire client {Remote} refused: {MaxConnections} connections are open (DynamicDb:PgWire:MaxConnections)")]
    private static partial void LogRefused(ILogger logger, string remote, int maxConnections);

    [LoggerMessage(EventId = SiloEventIds.PgWireClosedByError, Level = LogLevel.Information,
        Message = "PostgreSQL wire connection {Remote} (app '{App}') closed: {SqlState} {Reason}")]
    private static partial void LogClosedByError(ILogger logger, string remote, string app, string sqlState, string reason);

    [LoggerMessage(EventId = SiloEventIds.PgWireUnexpected, Level = LogLevel.Error,
        Message = "PostgreSQL wire connection {Remote} (app '{App}') failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string remote, string app, Exception exception);

    [LoggerMessage(EventId = SiloEventIds.PgWireCancelRequest, Level = LogLevel.Debug,
        Message = "PostgreSQL wire cancel request from {Remote} for process id {ProcessId}: cancelled {Cancelled}")]
    private static partial void LogCancelRequest(ILogger logger, string remote, int processId, bool cancelled);

    [LoggerMessage(EventId = SiloEventIds.PgWireStatementFailed, Level = LogLevel.Debug,
        Message = "PostgreSQL wire statement of app '{App}' on database '{Database}' failed: {SqlState} {Reason}")]
    private static partial void LogStatementFailed(ILogger logger, string app, string database, string sqlState, string reason);
}
