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

    /// <summary>A 403 <c>auth.denied</c> problem: the caller is authenticated but may not make this request.</summary>
    public static Task WriteForbiddenAsync(HttpContext context) =>
        ProblemWriter.WriteAsync(context, ProblemMapper.Map(new DynamicDbException(ErrorCodes.AuthDenied, "The credential does not allow this request.")) with
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Forbidden",
        });
}
