using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

/// <summary>HS256 tokens for the test silo, valid unless a parameter says otherwise.</summary>
internal static class TestTokens
{
    public static string Create(
        string? app,
        string signingKey = GatewaySilo.JwtSigningKey,
        string issuer = GatewaySilo.JwtIssuer,
        string audience = GatewaySilo.JwtAudience,
        DateTime? expires = null,
        DateTime? notBefore = null)
    {
        var now = DateTime.UtcNow;
        var claims = app is null ? [] : new[] { new Claim("app", app) };
        var token = new JwtSecurityToken(
            issuer,
            audience,
            claims,
            notBefore ?? now.AddMinutes(-1),
            expires ?? now.AddMinutes(10),
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
