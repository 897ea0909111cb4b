using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

/// <summary>Tokens for the test silo, HS256 and valid unless a parameter says otherwise.</summary>
internal static class TestTokens
{
    /// <summary>A signed token; <paramref name="expires"/> defaults to 10 minutes after <paramref name="now"/> (default: the system clock).</summary>
    public static string Create(
        string? app,
        string signingKey = GatewaySilo.JwtSigningKey,
        string? issuer = GatewaySilo.JwtIssuer,
        string? audience = GatewaySilo.JwtAudience,
        DateTime? expires = null,
        DateTime? notBefore = null,
        string algorithm = SecurityAlgorithms.HmacSha256,
        bool withExpiry = true,
        DateTime? now = null,
        string? keyId = null,
        IReadOnlyDictionary<string, object>? claims = null)
    {
        var at = now ?? DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = Claims(app, claims),
            NotBefore = notBefore ?? at.AddMinutes(-1),
            IssuedAt = notBefore ?? at.AddMinutes(-1),
            Expires = withExpiry ? expires ?? at.AddMinutes(10) : null,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)) { KeyId = keyId }, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsecured token (<c>"alg":"none"</c>) for <paramref name="app"/>, with <paramref name="signature"/> as its third part.</summary>
    public static string Unsigned(string app, DateTime expires, string signature = "") =>
        $"{Part(new { alg = "none", typ = "JWT" })}.{Part(new { app, iss = GatewaySilo.JwtIssuer, aud = GatewaySilo.JwtAudience, exp = new DateTimeOffset(expires).ToUnixTimeSeconds() })}.{signature}";

    private static Dictionary<string, object>? Claims(string? app, IReadOnlyDictionary<string, object>? extra)
    {
        if (app is null && extra is null)
        {
            return null;
        }

        var claims = new Dictionary<string, object>(extra ?? new Dictionary<string, object>());
        if (app is not null)
        {
            claims["app"] = app;
        }

        return claims;
    }

    private static string Part(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
}
