using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Cli.Profiles;

/// <summary>Where the silo is and the keys to use: the profile file, overridden by DYNDB_URL, DYNDB_KEY, DYNDB_ADMIN_KEY.</summary>
/// <param name="Url">The silo's base address, e.g. <c>http://127.0.0.1:8080</c>.</param>
/// <param name="Key">The application's API key (for <c>/v1/database/*</c>).</param>
/// <param name="AdminKey">An admin key (for <c>/v1/engines</c> and <c>/v1/admin</c>).</param>
public sealed record SiloProfile(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("admin_key")] string? AdminKey)
{
    /// <summary>No URL and no keys.</summary>
    public static SiloProfile Empty { get; } = new(null, null, null);
}
