using System.Security.Cryptography;
using System.Text;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>
/// Refuses a state-changing dashboard request (403 <c>auth.denied</c>) unless its <see cref="UiEndpoints.CsrfHeader"/>
/// header equals its session's token. A page of another site can make the browser send the cookie (were it not
/// SameSite=Strict) but cannot read the token, which the dashboard only answers to its own same-origin calls.
/// </summary>
internal sealed partial class UiCsrfFilter(UiSessionStore sessions, ILogger<UiCsrfFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var session = sessions.Find(http.User.FindFirst(UiSessionAuthenticationHandler.SessionClaim)?.Value);
        var sent = http.Request.Headers[UiEndpoints.CsrfHeader];
        if (session is null || sent.Count != 1 || !Same(sent[0], session.CsrfToken))
        {
            LogCsrfRefused(logger, http.Request.Method, http.Request.Path.Value ?? string.Empty);
            return new ProblemResult(new GatewayProblem(
                StatusCodes.Status403Forbidden,
                ErrorCodes.AuthDenied,
                "CSRF token missing or wrong",
                $"Dashboard actions must carry the session's CSRF token in the '{UiEndpoints.CsrfHeader}' header (the page does this; GET {UiEndpoints.Path}/api/session answers the token). Nothing was done.",
                Transient: false));
        }

        return await next(context).ConfigureAwait(false);
    }

    private static bool Same(string? sent, string expected) =>
        sent is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));

    [LoggerMessage(EventId = Hosting.SiloEventIds.UiCsrfRefused, Level = LogLevel.Warning,
        Message = "Dashboard request {Method} {Path} refused: its CSRF token is missing or wrong")]
    private static partial void LogCsrfRefused(ILogger logger, string method, string path);
}
