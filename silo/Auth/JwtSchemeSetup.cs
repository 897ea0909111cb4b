using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// Configures the JwtBearer handler of <see cref="AuthSchemes.Jwt"/> from <c>DynamicDb:Auth:Jwt</c>: HS256 signatures
/// with <see cref="JwtOptions.SigningKey"/> only, the issuer and audience when configured, and a required <c>exp</c>
/// (and <c>nbf</c> when present) checked against the injected <see cref="TimeProvider"/> with
/// <see cref="JwtOptions.ClockSkew"/>. <see cref="JwtSchemeEvents"/> checks the <c>app</c> claim and writes the answers.
/// </summary>
internal static class JwtSchemeSetup
{
    public static void Configure(JwtBearerOptions options, AuthOptions auth, TimeProvider time)
    {
        var jwt = auth.Jwt;
        options.TimeProvider = time;
        options.EventsType = typeof(JwtSchemeEvents);
        options.MapInboundClaims = false;
        options.SaveToken = false;
        options.RefreshOnIssuerKeyNotFound = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            IssuerSigningKey = string.IsNullOrEmpty(jwt.SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = !string.IsNullOrEmpty(jwt.Issuer),
            ValidIssuer = jwt.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(jwt.Audience),
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = jwt.ClockSkew,
            LifetimeValidator = new JwtLifetime(time, jwt.ClockSkew).Validate,
            NameClaimType = AppClaims.App,
        };
    }
}
