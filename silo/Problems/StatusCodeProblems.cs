using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.Problems;

/// <summary>
/// Gives the routing's empty 404 (no such path) and 405 (path without that method) answers a problem body, so every
/// failure of the silo, even a mistyped URL, is an RFC 9457 problem that says what was wrong.
/// </summary>
public static class StatusCodeProblems
{
    /// <summary>Adds the middleware; call it before the endpoints are mapped so that it wraps them.</summary>
    public static IApplicationBuilder UseDynamicDbStatusCodeProblems(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => WriteAsync(context.HttpContext));

    private static Task WriteAsync(HttpContext http)
    {
        var request = http.Request;
        var problem = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ProblemMapper.Map(new DynamicDbException(
                ErrorCodes.RequestNotFound,
                $"No endpoint answers {request.Method} {request.Path}. The gateway's endpoints are under /v1/database/ (see /openapi/v1.json).")),
            StatusCodes.Status405MethodNotAllowed => ProblemMapper.Map(new DynamicDbException(
                ErrorCodes.RequestMethodNotAllowed,
                $"{request.Path} does not accept {request.Method}; it accepts {AllowedMethods(http)}.")),
            _ => null,
        };
        return problem is null ? Task.CompletedTask : ProblemWriter.WriteAsync(http, problem);
    }

    private static string AllowedMethods(HttpContext http)
    {
        var allow = http.Response.Headers.Allow.ToString();
        return allow.Length == 0 ? "other methods" : allow;
    }
}
