using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Auth;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The SCRAM-SHA-256 verifiers (RFC 5802/7677) of each app's API keys, computed on first use from the configured keys
/// (<c>DynamicDb:Auth:ApiKeys:N:Key</c>, or the development key). One salt per app and silo, so the server's first
/// message does not depend on which of the app's keys the client holds; the proof then picks the key. Keys configured
/// only by their hash (<c>KeySha256</c>) have no verifier: SCRAM cannot work for them.
/// </summary>
internal sealed class ScramCredentials
{
    /// <summary>PBKDF2 iterations, PostgreSQL's default for SCRAM-SHA-256.</summary>
    public const int Iterations = 4096;

    private readonly ILookup<string, (string Key, bool ReadOnly)> _keys;
    private readonly HashSet<string> _hashOnlyApps;
    private readonly HashSet<string> _appsWithHashKeys;
    private readonly byte[] _saltSecret = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, AppVerifiers> _verifiers = new(StringComparer.Ordinal);

    public ScramCredentials(IOptions<AuthOptions> options, ApiKeyStore store)
    {
        var keys = options.Value.ApiKeys.Where(k => k.Key is { Length: > 0 }).Select(k => (k.App, Key: k.Key!, k.ReadOnly)).ToList();
        if (store.DevelopmentKeyPath is { } path && File.Exists(path))
        {
            keys.Add((DevelopmentApiKey.App, File.ReadAllText(path).Trim(), false));
        }

        _keys = keys.ToLookup(k => k.App, k => (k.Key, k.ReadOnly), StringComparer.Ordinal);
        _hashOnlyApps = options.Value.ApiKeys.Where(k => k.Key is not { Length: > 0 }).Select(k => k.App).ToHashSet(StringComparer.Ordinal);
        _appsWithHashKeys = [.. _hashOnlyApps];
        _hashOnlyApps.ExceptWith(_keys.Select(g => g.Key));
    }

    /// <summary>True when every key of <paramref name="app"/> is configured only by its hash (SCRAM impossible).</summary>
    public bool IsHashOnly(string app) => _hashOnlyApps.Contains(app);

    /// <summary>True when at least one key of <paramref name="app"/> is configured only by its hash (that key cannot use SCRAM).</summary>
    public bool HasHashOnlyKeys(string app) => _appsWithHashKeys.Contains(app);

    /// <summary>The salt and verifiers of <paramref name="app"/>; an unknown app gets a salt and no verifiers, so it fails like a wrong key.</summary>
    public AppVerifiers For(string app) => _verifiers.GetOrAdd(app, static (a, self) => self.Create(a), this);

    private AppVerifiers Create(string app)
    {
        var salt = HMACSHA256.HashData(_saltSecret, Encoding.UTF8.GetBytes(app))[..16];
        var verifiers = _keys[app].Select(entry =>
        {
            var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(entry.Key), salt, Iterations, HashAlgorithmName.SHA256, 32);
            var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
            return new ScramVerifier(SHA256.HashData(clientKey), HMACSHA256.HashData(salted, "Server Key"u8), entry.ReadOnly, ApiKeyStore.AppKeyId(entry.Key));
        }).ToArray();
        return new AppVerifiers(salt, verifiers);
    }
}

/// <summary>The salt of an app and the verifiers of its keys.</summary>
internal sealed record AppVerifiers(byte[] Salt, ScramVerifier[] Verifiers);

/// <summary>
/// A key's StoredKey (H(ClientKey)) and ServerKey, whether the key is read-only (<c>ApiKeys:N:ReadOnly</c>), and the
/// key's id for sessions and audit (<c>key:sha256:{12 hex digits}</c>, never the key).
/// </summary>
internal sealed record ScramVerifier(byte[] StoredKey, byte[] ServerKey, bool ReadOnly = false, string? KeyId = null);
