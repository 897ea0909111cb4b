namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// Who may call the HTTP gateway. Section: <c>DynamicDb:Auth</c>. Every request under <c>/v1</c> carries an API key or a
/// JWT, and the application it acts for comes from that credential, never from the request body. With no API key and
/// no JWT signing key configured, the silo creates a development key for the app <c>default</c> (see
/// <see cref="DevelopmentKey"/>).
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "DynamicDb:Auth";

    /// <summary>The accepted API keys, each bound to one application. Default: none.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// The admin keys: they open the admin API under <c>/v1/engines</c> and nothing else (no application). They do not
    /// count as application credentials (<see cref="DevelopmentKey"/> still applies). Default: none, meaning the admin
    /// API answers 401/403 to everyone.
    /// </summary>
    public List<AdminKeyOptions> AdminKeys { get; set; } = [];

    /// <summary>JSON Web Tokens (HS256) carrying the application in their <c>app</c> claim. Default: off (no signing key).</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// When neither <see cref="ApiKeys"/> nor <see cref="JwtOptions.SigningKey"/> is configured: true creates a random
    /// API key for the app <c>default</c> once, in <c>{DataDirectory}/silo/dev-api-key</c> (mode 0600), and accepts it;
    /// false refuses to start without credentials. Ignored once any credential is configured. Default: true.
    /// </summary>
    public bool DevelopmentKey { get; set; } = true;

    /// <summary>True when some credential is configured, so no development key is needed.</summary>
    internal bool HasConfiguredCredentials => ApiKeys.Count > 0 || !string.IsNullOrEmpty(Jwt.SigningKey);

    /// <summary>The setting's full name as written in configuration, e.g. "DynamicDb:Auth:Jwt:SigningKey".</summary>
    internal static string Setting(string name) => $"{SectionName}:{name}";
}
