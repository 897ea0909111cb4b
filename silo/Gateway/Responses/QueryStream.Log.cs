using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

internal sealed partial class QueryStream
{
    [LoggerMessage(EventId = SiloEventIds.GatewayStreamFailed, Level = LogLevel.Warning, Message = "{Request} failed after {Rows} rows were sent; the answer ends truncated with {ErrorCode}: {Detail}")]
    private partial void LogFailed(string? request, long rows, string errorCode, string detail);

    [LoggerMessage(EventId = SiloEventIds.GatewayStreamUnexpected, Level = LogLevel.Error, Message = "{Request} failed unexpectedly after {Rows} rows were sent (trace id {TraceId}); the answer ends truncated")]
    private partial void LogUnexpected(Exception exception, string? request, long rows, string traceId);

    [LoggerMessage(EventId = SiloEventIds.GatewayStreamAbandoned, Level = LogLevel.Debug, Message = "{Request}: the client went away after {Rows} rows; its cursor is closed")]
    private partial void LogClientGone(string? request, long rows);

    [LoggerMessage(EventId = SiloEventIds.GatewayCursorCloseFailed, Level = LogLevel.Debug, Message = "Closing an abandoned query cursor failed; the database closes it when it stays idle")]
    private partial void LogCloseFailed(Exception exception);
}
