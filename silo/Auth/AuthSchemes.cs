namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// The gateway's authentication schemes. <see cref="Gateway"/>, the default, only chooses: a bearer value shaped like a
/// JWT goes to <see cref="Jwt"/> (ASP.NET Core's JwtBearer handler), anything else (an API key in either header, a
/// missing or malformed credential) to <see cref="ApiKey"/>.
/// </summary>
public static class AuthSchemes
{
    /// <summary>The default scheme of the gateway, a policy scheme forwarding to <see cref="ApiKey"/> or <see cref="Jwt"/>.</summary>
    public const string Gateway = "DynamicDb";

    /// <summary>API keys, and the answer to a missing or malformed credential.</summary>
    public const string ApiKey = "DynamicDb.ApiKey";

    /// <summary>HS256 JSON Web Tokens, validated by the JwtBearer handler.</summary>
    public const string Jwt = "DynamicDb.Jwt";

    /// <summary>The header that carries an API key.</summary>
    public const string ApiKeyHeader = "X-API-Key";

    private const string Bearer = "Bearer ";

    /// <summary>
    /// The scheme for a request: <see cref="Jwt"/> when there is no <see cref="ApiKeyHeader"/> and the one Authorization
    /// header is <c>Bearer</c> followed by a value shaped like a JWT, else <see cref="ApiKey"/>.
    /// </summary>
    public static string Select(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey(ApiKeyHeader) || !headers.TryGetValue("Authorization", out var authorization) || authorization.Count != 1)
        {
            return ApiKey;
        }

        return BearerValue(authorization[0]) is { } value && LooksLikeJwt(value) ? Jwt : ApiKey;
    }

    /// <summary>The trimmed value of a <c>Bearer</c> Authorization header (prefix in any case), or null for another form.</summary>
    internal static string? BearerValue(string? header) =>
        header is not null && header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && header[Bearer.Length..].Trim() is { Length: > 0 } value
            ? value
            : null;

    /// <summary>True when <paramref name="value"/> has the shape of a signed JWT: three non-empty dot-separated parts.</summary>
    internal static bool LooksLikeJwt(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length > 0);
    }
}
