using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// Authenticates gateway callers by API key (<c>X-API-Key: key</c> or <c>Authorization: Bearer key</c>); the principal
/// carries the key's app, or, for an admin key (<c>DynamicDb:Auth:AdminKeys</c>), no app and the credential
/// <see cref="AppClaims.AdminCredential"/>. It also answers every request <see cref="AuthSchemes.Select"/> does not send to the JWT
/// scheme: no credential, or an Authorization header of another form. A refused or missing credential is answered with
/// a 401 problem.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore apiKeys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
        if (headers.TryGetValue(AuthSchemes.ApiKeyHeader, out var apiKeyValues))
        {
            return Task.FromResult(apiKeyValues.Count == 1 && !string.IsNullOrWhiteSpace(apiKeyValues[0])
                ? FromApiKey(apiKeyValues[0]!.Trim())
                : Refuse($"The {AuthSchemes.ApiKeyHeader} header must hold exactly one non-empty key."));
        }

        if (!headers.TryGetValue("Authorization", out var authorization))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(AuthSchemes.BearerValue(authorization.Count == 1 ? authorization[0] : null) is { } credential
            ? FromApiKey(credential)
            : Refuse("The Authorization header must be 'Bearer <API key or JWT>'."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        await AuthProblems.WriteChallengeAsync(Context, result.Failure?.Message).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.WriteForbiddenAsync(Context);

    private AuthenticateResult FromApiKey(string key)
    {
        // Both lookups always run, so the time taken says nothing about which kind of key was sent.
        var appKey = apiKeys.FindKey(key);
        var admin = apiKeys.FindAdminKey(key);
        if (appKey is var (app, readOnly))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(
                AppClaims.Principal(app, "api_key", Scheme.Name, ApiKeyStore.AppKeyId(key), readOnly), Scheme.Name));
        }

        return admin is not null
            ? AuthenticateResult.Success(new AuthenticationTicket(AppClaims.AdminPrincipal(Scheme.Name, admin), Scheme.Name))
            : Refuse("The API key is not valid.");
    }

    private AuthenticateResult Refuse(string reason)
    {
        AuthLog.Refused(Logger, Request, reason);
        return AuthenticateResult.Fail(reason);
    }
}
