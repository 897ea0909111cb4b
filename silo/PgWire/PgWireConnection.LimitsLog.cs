using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The connection's log lines about TLS and connection limits (silo event ids 4095–4099).</summary>
internal sealed partial class PgWireConnection
{
    [LoggerMessage(EventId = SiloEventIds.PgWireWriteTimeout, Level = LogLevel.Warning,
        Message = "PostgreSQL wire connection {Remote} (app '{App}') closed: the client did not read its results for {WriteTimeout} (DynamicDb:PgWire:WriteTimeout)")]
    private static partial void LogWriteTimeout(ILogger logger, string remote, string app, TimeSpan writeTimeout);

    [LoggerMessage(EventId = SiloEventIds.PgWireTlsFailed, Level = LogLevel.Information,
        Message = "PostgreSQL wire client {Remote}: the TLS handshake failed: {Reason}")]
    private static partial void LogTlsFailed(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = SiloEventIds.PgWireRefusedPerApp, Level = LogLevel.Warning,
        Message = "PostgreSQL wire client {Remote} refused: app '{App}' has {MaxConnectionsPerApp} connections open on this silo (DynamicDb:PgWire:MaxConnectionsPerApp)")]
    private static partial void LogRefusedPerApp(ILogger logger, string remote, string app, int maxConnectionsPerApp);

    [LoggerMessage(EventId = SiloEventIds.PgWireTlsRequired, Level = LogLevel.Information,
        Message = "PostgreSQL wire client {Remote} refused: it did not start TLS and DynamicDb:PgWire:RequireTls is true")]
    private static partial void LogTlsRequired(ILogger logger, string remote);
}
