using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>
/// Authenticates the dashboard's own JSON calls (<c>/ui/api/*</c>, logout) by its session cookie: the principal is the
/// admin key's (same credential id, so the audit log names the same actor as the admin API). Only the
/// <see cref="UiEndpoints.Policy"/> policy uses this scheme, so the cookie opens nothing else: not the tenant data API,
/// not the admin API under <c>/v1</c>.
/// </summary>
internal sealed class UiSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    UiSessionStore sessions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The claim holding the session id.</summary>
    public const string SessionClaim = "ui_session";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(UiEndpoints.CookieName, out var id) || string.IsNullOrEmpty(id))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (sessions.Find(id) is not { } session)
        {
            return Task.FromResult(AuthenticateResult.Fail("The dashboard session has ended (logged out, expired or the silo restarted). Log in again at /ui."));
        }

        var principal = AppClaims.AdminPrincipal(Scheme.Name, session.CredentialId);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaim, session.Id));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        await ProblemWriter.WriteAsync(Context, ProblemMapper.Map(new DynamicDbException(
            ErrorCodes.AuthDenied, result.Failure?.Message ?? "Not logged in to the dashboard: log in at /ui with an admin key."))).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemWriter.WriteAsync(Context, new GatewayProblem(StatusCodes.Status403Forbidden, ErrorCodes.AuthDenied, "Forbidden", "The dashboard session does not allow this request.", Transient: false));
}
