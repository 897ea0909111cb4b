using System.Text.Json;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Gateway.Requests;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>
/// <c>POST /ui/login</c> (<c>{"key": "..."}</c> as JSON, which a page of another site cannot send without the silo's
/// consent) and <c>POST /ui/logout</c>. A login is recorded in the audit log (<c>ui.login</c>, by the key's credential
/// id) before its session exists, and refused when the row cannot be written, like any admin action.
/// </summary>
internal static partial class UiLogin
{
    private const int MaxBodyBytes = 4096;

    public static async Task<IResult> LoginAsync(HttpContext http, ApiKeyStore keys, UiSessionStore sessions, IAuditLog audit, ILogger<UiSessionStore> logger)
    {
        var key = await ReadKeyAsync(http.Request).ConfigureAwait(false);
        var app = keys.FindApp(key);
        var admin = keys.FindAdminKey(key);
        if (admin is null)
        {
            LogLoginRefused(logger, app is null ? "unknown key" : "app key");
            return app is null
                ? Refused(StatusCodes.Status401Unauthorized, "Login refused", "The key is not a valid API key of this cluster.")
                : Refused(StatusCodes.Status403Forbidden, "Admin key needed",
                    "This is an application's API key: the dashboard needs an admin key (DynamicDb:Auth:AdminKeys). App keys only open their own app's databases under /v1/database.");
        }

        try
        {
            await audit.AppendAsync(new AuditEntry(admin, AuditActions.UiLogin, UiEndpoints.Path, AuditResults.Ok), http.RequestAborted).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.AuditUnavailable)
        {
            return new ProblemResult(new GatewayProblem(StatusCodes.Status503ServiceUnavailable, e.ErrorCode, "Audit log unavailable",
                $"Not logged in: the login's audit row could not be written, and administrative actions are refused unless they are recorded. {e.Message}", Transient: true));
        }

        var session = sessions.Create(admin);
        http.Response.Cookies.Append(UiEndpoints.CookieName, session.Id, Cookie(http, session.ExpiresAt));
        LogLoggedIn(logger, admin, session.ExpiresAt);
        return GatewayJson.Json(UiSessionResponse.Of(session));
    }

    public static async Task<IResult> LogoutAsync(HttpContext http, UiSessionStore sessions, ILogger<UiSessionStore> logger)
    {
        var id = http.User.FindFirst(UiSessionAuthenticationHandler.SessionClaim)?.Value;
        if (id is not null)
        {
            sessions.Remove(id);
        }

        http.Response.Cookies.Delete(UiEndpoints.CookieName, Cookie(http, null));
        var actor = http.User.GetCredentialId();
        await Admin.AuditTrail.OutcomeAsync(http, AuditActions.UiLogout, UiEndpoints.Path, AuditResults.Ok).ConfigureAwait(false);
        LogLoggedOut(logger, actor);
        return Results.NoContent();
    }

    /// <summary>HTTP-only, SameSite=Strict, Secure when the request came over HTTPS, path <c>/ui</c>.</summary>
    private static CookieOptions Cookie(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = UiEndpoints.Path,
        Expires = expires,
        IsEssential = true,
    };

    private static async Task<string> ReadKeyAsync(HttpRequest request)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw JsonFields.Invalid("Log in with a JSON body {\"key\": \"<admin key>\"} and 'Content-Type: application/json'.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw new DynamicDbException(ErrorCodes.RequestTooLarge, $"The login body must be at most {MaxBodyBytes} bytes.");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw JsonFields.Invalid($"The login body is not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw JsonFields.Invalid("The login body must be a JSON object {\"key\": \"<admin key>\"}.");
            }

            return JsonFields.RequiredString(document.RootElement, "key").Trim();
        }
    }

    private static ProblemResult Refused(int status, string title, string detail) =>
        new(new GatewayProblem(status, ErrorCodes.AuthDenied, title, detail, Transient: false));

    [LoggerMessage(EventId = Hosting.SiloEventIds.UiLoggedIn, Level = LogLevel.Information,
        Message = "Dashboard login by {CredentialId}; the session ends at {ExpiresAt}")]
    private static partial void LogLoggedIn(ILogger logger, string credentialId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = Hosting.SiloEventIds.UiLoginRefused, Level = LogLevel.Warning,
        Message = "Dashboard login refused: {Reason}")]
    private static partial void LogLoginRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = Hosting.SiloEventIds.UiLoggedOut, Level = LogLevel.Information,
        Message = "Dashboard logout by {CredentialId}")]
    private static partial void LogLoggedOut(ILogger logger, string credentialId);
}
