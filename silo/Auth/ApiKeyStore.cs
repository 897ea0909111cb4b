using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// The accepted API keys, kept only as SHA-256 hashes, each with its app, and the admin keys (no app). Without any
/// configured app credential it holds the development key (<see cref="DevelopmentApiKey"/>), created on first use and
/// announced in the log.
/// </summary>
internal sealed partial class ApiKeyStore
{
    private readonly (byte[] Hash, string App, bool ReadOnly)[] _keys;
    private readonly (byte[] Hash, string Id)[] _adminKeys;

    public ApiKeyStore(IOptions<AuthOptions> options, SiloDataPaths paths, ILogger<ApiKeyStore> logger)
    {
        var settings = options.Value;
        var keys = settings.ApiKeys
            .Select(k => (Hash: k.Key is { Length: > 0 } key ? ApiKeyHash.Of(key) : Parse(k.KeySha256), k.App, k.ReadOnly))
            .ToList();
        if (!settings.HasConfiguredCredentials && settings.DevelopmentKey)
        {
            DevelopmentKeyPath = Path.Combine(paths.SiloDirectory, DevelopmentApiKey.FileName);
            var (key, created) = DevelopmentApiKey.LoadOrCreate(DevelopmentKeyPath);
            keys.Add((ApiKeyHash.Of(key), DevelopmentApiKey.App, false));
            if (created)
            {
                LogDevelopmentKeyCreated(logger, DevelopmentApiKey.App, DevelopmentKeyPath);
            }
            else
            {
                LogDevelopmentKeyInUse(logger, DevelopmentApiKey.App, DevelopmentKeyPath);
            }
        }

        _keys = [.. keys];
        _adminKeys = [.. settings.AdminKeys.Select(k => k.Key is { Length: > 0 } key ? ApiKeyHash.Of(key) : Parse(k.KeySha256)).Zip(settings.AdminKeys, (hash, k) => (hash, AdminKeyId(k.Name, hash)))];
        LogAuthConfigured(logger, settings.ApiKeys.Count, string.IsNullOrEmpty(settings.Jwt.SigningKey) ? "off" : "HS256", _adminKeys.Length);
    }

    /// <summary>The file holding the development key, or null when configured credentials are used.</summary>
    public string? DevelopmentKeyPath { get; }

    /// <summary>The app of <paramref name="key"/>, or null when it is not an accepted key. Takes the same time for every key.</summary>
    public string? FindApp(string key) => FindKey(key)?.App;

    /// <summary>
    /// The app of <paramref name="key"/> and whether the key is read-only (<see cref="ApiKeyOptions.ReadOnly"/>), or null
    /// when it is not an accepted key. Takes the same time for every key.
    /// </summary>
    public (string App, bool ReadOnly)? FindKey(string key)
    {
        var hash = ApiKeyHash.Of(key);
        (string App, bool ReadOnly)? found = null;
        foreach (var (known, knownApp, readOnly) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                found = (knownApp, readOnly);
            }
        }

        return found;
    }

    /// <summary>True when <paramref name="key"/> is a configured admin key. Takes the same time for every key.</summary>
    public bool IsAdminKey(string key) => FindAdminKey(key) is not null;

    /// <summary>
    /// The credential id (<see cref="AppClaims.CredentialId"/>) of <paramref name="key"/> when it is a configured admin key,
    /// otherwise null. Takes the same time for every key.
    /// </summary>
    public string? FindAdminKey(string key)
    {
        var hash = ApiKeyHash.Of(key);
        string? id = null;
        foreach (var (known, knownId) in _adminKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                id = knownId;
            }
        }

        return id;
    }

    /// <summary>The credential id of an admin key: <c>admin:{name}</c>, or <c>admin:sha256:</c> and 12 hex digits of its hash.</summary>
    public static string AdminKeyId(string? name, byte[] hash) =>
        name is { Length: > 0 } ? $"admin:{name}" : $"admin:sha256:{Convert.ToHexStringLower(hash)[..12]}";

    /// <summary>The credential id of an app key: <c>key:sha256:</c> and 12 hex digits of its hash.</summary>
    public static string AppKeyId(string key) => $"key:sha256:{Convert.ToHexStringLower(ApiKeyHash.Of(key))[..12]}";

    private static byte[] Parse(string? hex) =>
        ApiKeyHash.TryParseHex(hex, out var hash) ? hash : throw new InvalidOperationException("An API key hash is invalid; the options validator should have rejected it.");

    [LoggerMessage(EventId = SiloEventIds.DevelopmentKeyCreated, Level = LogLevel.Warning,
        Message = "No credentials configured (DynamicDb:Auth): created a development API key for app '{App}' in {KeyFile} (mode 0600). Send its contents as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'; configure DynamicDb:Auth:ApiKeys or DynamicDb:Auth:Jwt:SigningKey for real use")]
    private static partial void LogDevelopmentKeyCreated(ILogger logger, string app, string keyFile);

    [LoggerMessage(EventId = SiloEventIds.DevelopmentKeyInUse, Level = LogLevel.Warning,
        Message = "No credentials configured (DynamicDb:Auth): the development API key for app '{App}' is in {KeyFile}. Send its contents as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'; configure DynamicDb:Auth:ApiKeys or DynamicDb:Auth:Jwt:SigningKey for real use")]
    private static partial void LogDevelopmentKeyInUse(ILogger logger, string app, string keyFile);

    [LoggerMessage(EventId = SiloEventIds.AuthConfigured, Level = LogLevel.Information,
        Message = "HTTP gateway authentication: {ApiKeyCount} configured API keys, JWT {Jwt}, {AdminKeyCount} admin keys")]
    private static partial void LogAuthConfigured(ILogger logger, int apiKeyCount, string jwt, int adminKeyCount);
}
