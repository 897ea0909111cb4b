using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Sessions;

internal sealed partial class SessionGrain
{
    [LoggerMessage(EventId = EventIds.SessionOpened, Level = LogLevel.Debug,
        Message = "Session {SessionId} opened: {Protocol} client {ClientAddress} of app {App} on database {Database}, held by silo {Host}")]
    private static partial void LogOpened(ILogger logger, string sessionId, string protocol, string app, string database, string clientAddress, string host);

    [LoggerMessage(EventId = EventIds.SessionClosed, Level = LogLevel.Debug,
        Message = "Session {SessionId} of app {App} on database {Database} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string sessionId, string app, string database, string reason);

    [LoggerMessage(EventId = EventIds.SessionKilled, Level = LogLevel.Information,
        Message = "Session {SessionId} of app {App} on database {Database} killed: {Reason}")]
    private static partial void LogKilled(ILogger logger, string sessionId, string app, string database, string reason);

    [LoggerMessage(EventId = EventIds.SessionKillUnreachable, Level = LogLevel.Warning,
        Message = "Session {SessionId}: the silo {Host} that held its connection did not answer the kill ({Reason}); the session is closed")]
    private static partial void LogKillUnreachable(ILogger logger, string sessionId, string host, string reason);

    [LoggerMessage(EventId = EventIds.SessionTierChanged, Level = LogLevel.Information,
        Message = "Session {SessionId} moved from tier {From} to {To} (source {Source}, confidence {Confidence:0.00})")]
    private static partial void LogTierChanged(ILogger logger, string sessionId, Tiers.Tier from, Tiers.Tier to, string source, double confidence);
}
