using System.Security.Claims;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>The claims an authenticated gateway caller carries.</summary>
public static class AppClaims
{
    /// <summary>The application the caller acts for; also the JWT claim that names it.</summary>
    public const string App = "app";

    /// <summary>How the caller authenticated: <c>api_key</c>, <c>jwt</c> or <see cref="AdminCredential"/>.</summary>
    public const string Credential = "credential";

    /// <summary>The <see cref="Credential"/> of an admin key: it opens the admin API and acts for no application.</summary>
    public const string AdminCredential = "admin_key";

    /// <summary>
    /// A stable id of the credential that is no secret, for the audit log: <c>admin:{name}</c> or
    /// <c>admin:sha256:{12 hex digits}</c> for an admin key, <c>key:sha256:{12 hex digits}</c> for an app key.
    /// </summary>
    public const string CredentialId = "credential_id";

    /// <summary>
    /// Present with the value <c>true</c> when the caller may only read (a read-only API key,
    /// <see cref="ApiKeyOptions.ReadOnly"/>); also the optional boolean JWT claim that asks for it.
    /// </summary>
    public const string ReadOnly = "read_only";

    /// <summary>True when the caller may only read (<see cref="ReadOnly"/>).</summary>
    public static bool IsReadOnly(this ClaimsPrincipal user) => user.HasClaim(ReadOnly, "true");

    /// <summary>True when the caller authenticated with an admin key.</summary>
    public static bool IsAdmin(this ClaimsPrincipal user) => user.HasClaim(Credential, AdminCredential);

    /// <summary>The caller's app.</summary>
    /// <exception cref="DynamicDbException"><see cref="ErrorCodes.AuthDenied"/> when the caller has none.</exception>
    public static string GetApp(this ClaimsPrincipal user) =>
        user.FindFirst(App)?.Value is { Length: > 0 } app
            ? app
            : throw new DynamicDbException(ErrorCodes.AuthDenied, "The request is not authenticated for an application.");

    /// <summary>The caller's <see cref="CredentialId"/>, or <c>unknown</c> when it has none (a JWT).</summary>
    public static string GetCredentialId(this ClaimsPrincipal user) => user.FindFirst(CredentialId)?.Value is { Length: > 0 } id ? id : "unknown";

    /// <summary>A principal of the authentication scheme <paramref name="scheme"/> acting for <paramref name="app"/>.</summary>
    internal static ClaimsPrincipal Principal(string app, string credential, string scheme, string? credentialId = null, bool readOnly = false)
    {
        List<Claim> claims = [new Claim(App, app), new Claim(Credential, credential)];
        if (credentialId is not null)
        {
            claims.Add(new Claim(CredentialId, credentialId));
        }

        if (readOnly)
        {
            claims.Add(new Claim(ReadOnly, "true"));
        }

        return new(new ClaimsIdentity(claims, scheme, App, null));
    }

    /// <summary>A principal of the authentication scheme <paramref name="scheme"/> holding the admin key <paramref name="credentialId"/>: no app.</summary>
    internal static ClaimsPrincipal AdminPrincipal(string scheme, string credentialId) =>
        new(new ClaimsIdentity([new Claim(Credential, AdminCredential), new Claim(CredentialId, credentialId)], scheme, Credential, null));
}
