namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>How JSON Web Tokens are accepted. Section: <c>DynamicDb:Auth:Jwt</c>.</summary>
public sealed class JwtOptions
{
    /// <summary>
    /// The HS256 signing key as text, at least 32 bytes in UTF-8. Tokens must be signed with it, carry an <c>exp</c>
    /// and an <c>app</c> claim naming the application. Default: none, meaning JWTs are not accepted.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>When set, tokens must carry this <c>iss</c>. Default: none (not checked).</summary>
    public string? Issuer { get; set; }

    /// <summary>When set, tokens must carry this <c>aud</c>. Default: none (not checked).</summary>
    public string? Audience { get; set; }

    /// <summary>Tolerated clock difference when checking <c>exp</c> and <c>nbf</c>. Default: 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
