using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.Problems;

/// <summary>
/// Turns every failure of a gateway endpoint into a problem answer (through <see cref="ProblemMapper"/>) and logs it
/// once: unexpected failures as errors with their exception, server-side ones as warnings, client mistakes at debug.
/// </summary>
internal sealed partial class ProblemEndpointFilter(ILogger<ProblemEndpointFilter> logger) : IEndpointFilter
{
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
                LogServerError(request, problem.Status, problem.Type, problem.Detail);
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

    [LoggerMessage(EventId = SiloEventIds.GatewayServerError, Level = LogLevel.Warning, Message = "{Request} answered {Status} {ErrorCode}: {Detail}")]
    private partial void LogServerError(string request, int status, string errorCode, string detail);

    [LoggerMessage(EventId = SiloEventIds.GatewayClientError, Level = LogLevel.Debug, Message = "{Request} answered {Status} {ErrorCode}: {Detail}")]
    private partial void LogClientError(string request, int status, string errorCode, string detail);
}
