namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// One API key, an entry of the <c>DynamicDb:Auth:ApiKeys</c> list, e.g. <c>DynamicDb__Auth__ApiKeys__0__App=myapp</c>
/// and <c>DynamicDb__Auth__ApiKeys__0__Key=...</c>. Give either <see cref="Key"/> or <see cref="KeySha256"/>.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>The application the key acts for: 1–63 characters from a–z and 0–9. Required.</summary>
    public string App { get; set; } = "";

    /// <summary>The key itself, at least 16 characters. Only its SHA-256 hash is kept in memory. Default: none.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// The key's SHA-256 hash as 64 hex digits (e.g. from <c>printf %s "$KEY" | sha256sum</c>), so configuration
    /// need not hold the key. Default: none.
    /// </summary>
    public string? KeySha256 { get; set; }

    /// <summary>
    /// True for a read-only key: its app's databases may be read (<c>/v1/database/query</c>, whose statements the engine
    /// then runs read-only, <c>/schema</c>, <c>/list</c>, <c>/status</c>) but not written — exec, transaction, create,
    /// drop, create-table and drop-table answer 403 <c>auth.read_only</c>. Default: false.
    /// </summary>
    public bool ReadOnly { get; set; }
}
