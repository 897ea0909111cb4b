using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.Problems;

/// <summary>
/// Turns every failure of a gateway endpoint into a problem answer (through <see cref="ProblemMapper"/>) and logs it
/// once: unexpected failures as errors with their exception, server-side ones as warnings — the first per endpoint and
/// error code in a minute, the rest at debug (<see cref="ServerErrorLogThrottle"/>) — client mistakes at debug.
/// </summary>
internal sealed partial class ProblemEndpointFilter(ILogger<ProblemEndpointFilter> logger, ServerErrorLogThrottle? throttle = null) : IEndpointFilter
{
    private readonly ServerErrorLogThrottle _throttle = throttle ?? new ServerErrorLogThrottle(TimeProvider.System);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads an answer.
            return Results.Empty;
        }
        catch (Exception e)
        {
            var request = $"{http.Request.Method} {http.Request.Path}";
            var problem = ProblemMapper.TryMap(e);
            if (problem is null)
            {
                var traceId = ProblemWriter.TraceId(http);
                LogUnexpected(e, request, traceId);
                return new ProblemResult(ProblemMapper.Unexpected(traceId));
            }

            if (problem.Status >= StatusCodes.Status500InternalServerError)
            {
                var endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
                var (level, suppressed) = _throttle.Next($"{http.Request.Method} {endpoint}", problem.Type);
                LogServerError(level, request, problem.Status, problem.Type, problem.Detail, suppressed);
            }
            else
            {
                LogClientError(request, problem.Status, problem.Type, problem.Detail);
            }

            return new ProblemResult(problem);
        }
    }

    [LoggerMessage(EventId = SiloEventIds.GatewayUnexpectedError, Level = LogLevel.Error, Message = "{Request} failed unexpectedly (trace id {TraceId})")]
    private partial void LogUnexpected(Exception exception, string request, string traceId);

    [LoggerMessage(EventId = SiloEventIds.GatewayServerError, Message = "{Request} answered {Status} {ErrorCode}: {Detail} (similar answers logged at debug since the last warning: {Suppressed})")]
    private partial void LogServerError(LogLevel level, string request, int status, string errorCode, string detail, long suppressed);

    [LoggerMessage(EventId = SiloEventIds.GatewayClientError, Level = LogLevel.Debug, Message = "{Request} answered {Status} {ErrorCode}: {Detail}")]
    private partial void LogClientError(string request, int status, string errorCode, string detail);
}
