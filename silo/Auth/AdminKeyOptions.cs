namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// One admin key, an entry of the <c>DynamicDb:Auth:AdminKeys</c> list, e.g. <c>DynamicDb__Auth__AdminKeys__0__Key=...</c>.
/// An admin key opens the admin API (<c>/v1/engines</c>) and acts for no application, so it cannot use
/// <c>/v1/database</c>. Give either <see cref="Key"/> or <see cref="KeySha256"/>; it must differ from every app key.
/// </summary>
public sealed class AdminKeyOptions
{
    /// <summary>
    /// The key's name: 1–63 characters from a–z, 0–9, '.', '_' and '-', unique among the admin keys. It is what the audit
    /// log records as the actor (<c>admin:{Name}</c>), never the key. Default: none, recorded as <c>admin:sha256:</c> and the
    /// first 12 hex digits of the key's SHA-256.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The key itself, at least 16 characters. Only its SHA-256 hash is kept in memory. Default: none.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// The key's SHA-256 hash as 64 hex digits (e.g. from <c>printf %s "$KEY" | sha256sum</c>), so configuration
    /// need not hold the key. Default: none.
    /// </summary>
    public string? KeySha256 { get; set; }
}
