using System.IdentityModel.Tokens.Jwt;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// Validates HS256 JSON Web Tokens against <c>DynamicDb:Auth:Jwt</c>: signature, algorithm, optional issuer and
/// audience, a required expiry (checked against <see cref="TimeProvider"/>) and an <c>app</c> claim that is a valid
/// application name.
/// </summary>
internal sealed class JwtValidator
{
    private readonly JwtSecurityTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;
    private readonly TimeProvider _time;
    private readonly TimeSpan _clockSkew;

    public JwtValidator(IOptions<AuthOptions> options, TimeProvider time)
    {
        _time = time;
        var jwt = options.Value.Jwt;
        _clockSkew = jwt.ClockSkew;
        if (string.IsNullOrEmpty(jwt.SigningKey))
        {
            return;
        }

        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = !string.IsNullOrEmpty(jwt.Issuer),
            ValidIssuer = jwt.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(jwt.Audience),
            ValidAudience = jwt.Audience,
            ValidateLifetime = false,
        };
    }

    /// <summary>True when a signing key is configured.</summary>
    public bool Enabled => _parameters is not null;

    /// <summary>True when <paramref name="value"/> has the shape of a signed JWT: three non-empty dot-separated parts.</summary>
    public static bool LooksLikeJwt(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length > 0);
    }

    /// <summary>The token's app, or why the token is refused (a sentence that never repeats the token).</summary>
    public (string? App, string? Failure) Validate(string token)
    {
        if (_parameters is null)
        {
            return (null, $"JWTs are not accepted: {AuthOptions.Setting("Jwt:SigningKey")} is not configured. Use an API key.");
        }

        JwtSecurityToken jwt;
        try
        {
            _handler.ValidateToken(token, _parameters, out var validated);
            jwt = (JwtSecurityToken)validated;
        }
        catch (Exception e)
        {
            // Whatever a malformed token makes the library throw, the caller gets a 401, never a 500.
            return (null, Describe(e));
        }

        var now = _time.GetUtcNow().UtcDateTime;
        if (jwt.Payload.Exp is null)
        {
            return (null, "The token has no expiry ('exp' claim): gateway tokens must expire.");
        }

        if (jwt.ValidTo + _clockSkew < now)
        {
            return (null, $"The token expired at {jwt.ValidTo:O}: get a new one.");
        }

        if (jwt.Payload.Nbf is not null && jwt.ValidFrom - _clockSkew > now)
        {
            return (null, $"The token is not valid before {jwt.ValidFrom:O}.");
        }

        var app = jwt.Claims.FirstOrDefault(c => c.Type == AppClaims.App)?.Value;
        if (string.IsNullOrEmpty(app))
        {
            return (null, $"The token has no '{AppClaims.App}' claim naming the application it acts for.");
        }

        return AppName.Problem(app) is { } problem
            ? (null, $"The token's '{AppClaims.App}' claim is not a valid application name. {problem}")
            : (app, null);
    }

    private static string Describe(Exception e) => e switch
    {
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
            "The token's signature is invalid: it was not signed with the configured HS256 key.",
        SecurityTokenInvalidAlgorithmException => "The token is not signed with HS256.",
        SecurityTokenInvalidIssuerException => "The token's issuer ('iss') is not the accepted one.",
        SecurityTokenInvalidAudienceException => "The token's audience ('aud') is not the accepted one.",
        _ => "The token is not a valid signed JWT.",
    };
}
