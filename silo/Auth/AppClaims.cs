using System.Security.Claims;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>The claims an authenticated gateway caller carries.</summary>
public static class AppClaims
{
    /// <summary>The application the caller acts for; also the JWT claim that names it.</summary>
    public const string App = "app";

    /// <summary>How the caller authenticated: <c>api_key</c> or <c>jwt</c>.</summary>
    public const string Credential = "credential";

    /// <summary>The caller's app.</summary>
    /// <exception cref="DynamicDbException"><see cref="ErrorCodes.AuthDenied"/> when the caller has none.</exception>
    public static string GetApp(this ClaimsPrincipal user) =>
        user.FindFirst(App)?.Value is { Length: > 0 } app
            ? app
            : throw new DynamicDbException(ErrorCodes.AuthDenied, "The request is not authenticated for an application.");

    /// <summary>A principal of the authentication scheme <paramref name="scheme"/> acting for <paramref name="app"/>.</summary>
    internal static ClaimsPrincipal Principal(string app, string credential, string scheme) =>
        new(new ClaimsIdentity([new Claim(App, app), new Claim(Credential, credential)], scheme, App, null));
}
