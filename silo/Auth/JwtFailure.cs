using Microsoft.IdentityModel.Tokens;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>The sentence a refused JWT is answered with; it never repeats the token.</summary>
internal static class JwtFailure
{
    /// <summary>Why the JwtBearer handler refused a token, from the exception it reported.</summary>
    public static string Describe(Exception? e) => e switch
    {
        SecurityTokenInvalidAlgorithmException => "The token is not signed with HS256.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
            "The token's signature is invalid: it was not signed with the configured HS256 key.",
        SecurityTokenNoExpirationException => "The token has no expiry ('exp' claim): gateway tokens must expire.",
        SecurityTokenExpiredException expired => $"The token expired at {Utc(expired.Expires):O}: get a new one.",
        SecurityTokenNotYetValidException early => $"The token is not valid before {Utc(early.NotBefore):O}.",
        SecurityTokenInvalidLifetimeException => "The token's lifetime is invalid: its 'nbf' is after its 'exp'.",
        SecurityTokenInvalidIssuerException => "The token's issuer ('iss') is not the accepted one.",
        SecurityTokenInvalidAudienceException => "The token's audience ('aud') is not the accepted one.",
        _ => "The token is not a valid signed JWT.",
    };

    /// <summary>Why the token's <c>app</c> claim is refused, or null when it names a valid application.</summary>
    public static string? AppProblem(string? app)
    {
        if (string.IsNullOrEmpty(app))
        {
            return $"The token has no '{AppClaims.App}' claim naming the application it acts for.";
        }

        return AppName.Problem(app) is { } problem
            ? $"The token's '{AppClaims.App}' claim is not a valid application name. {problem}"
            : null;
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
}
