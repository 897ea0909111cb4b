using Microsoft.AspNetCore.Authorization;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>The gateway's answers to a refused or missing credential, the same whichever scheme refused it.</summary>
internal static class AuthProblems
{
    /// <summary>The detail when the request carries no credential at all.</summary>
    public const string MissingCredential =
        "No credential: send an API key as 'X-API-Key: <key>' or 'Authorization: Bearer <key>', or a JWT as 'Authorization: Bearer <token>'.";

    /// <summary>
    /// A 401 <c>auth.denied</c> problem whose detail is <paramref name="failure"/> (a sentence that never repeats the
    /// credential) or <see cref="MissingCredential"/>, with a <c>WWW-Authenticate</c> header naming both forms.
    /// </summary>
    public static Task WriteChallengeAsync(HttpContext context, string? failure)
    {
        context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"dynamicdb\", ApiKey header=\"{AuthSchemes.ApiKeyHeader}\"";
        return ProblemWriter.WriteAsync(context, ProblemMapper.Map(new DynamicDbException(ErrorCodes.AuthDenied, failure ?? MissingCredential)));
    }

    /// <summary>The detail when an app key or a JWT calls the admin API.</summary>
    public const string AdminKeyNeeded =
        "This endpoint is part of the admin API and needs an admin key (DynamicDb:Auth:AdminKeys), sent as 'X-API-Key: <key>' or "
        + "'Authorization: Bearer <key>'. App keys and JWTs act for an application and cannot use it.";

    /// <summary>The detail when an admin key calls an application's endpoint.</summary>
    public const string AppCredentialNeeded =
        "Admin keys act for no application: they are for the admin API under /v1/engines. Use an application's API key or JWT here.";

    /// <summary>
    /// A 403 <c>auth.denied</c> problem: the caller is authenticated but may not make this request. The detail names
    /// the credential needed: an admin key on the admin API, an application's credential elsewhere.
    /// </summary>
    public static Task WriteForbiddenAsync(HttpContext context) =>
        ProblemWriter.WriteAsync(context, ProblemMapper.Map(new DynamicDbException(ErrorCodes.AuthDenied, ForbiddenDetail(context))) with
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Forbidden",
        });

    private static string ForbiddenDetail(HttpContext context)
    {
        var policies = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>() ?? [];
        if (policies.Any(p => p.Policy == AuthServiceCollectionExtensions.AdminPolicy))
        {
            return AdminKeyNeeded;
        }

        return context.User.IsAdmin() ? AppCredentialNeeded : "The credential does not allow this request.";
    }
}
