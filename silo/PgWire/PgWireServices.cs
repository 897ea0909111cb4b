using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Auth;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// What every connection of the frontend uses. The credentials are resolved on the first connection, not when the
/// listener is created: they read the API key store, which must not be built before the settings are validated.
/// </summary>
internal sealed class PgWireServices(
    IOptions<PgWireOptions> options,
    IServiceProvider services,
    PgCancellation cancellation,
    PgWireMetrics metrics,
    PgWireTls tls,
    PgAppConnections appConnections,
    ILogger<PgWireConnection> logger)
{
    private readonly Lazy<IGrainFactory> _grains = new(services.GetRequiredService<IGrainFactory>);
    private readonly Lazy<ScramCredentials> _credentials = new(services.GetRequiredService<ScramCredentials>);
    private readonly Lazy<ApiKeyStore> _keys = new(services.GetRequiredService<ApiKeyStore>);

    public PgWireOptions Options => options.Value;

    public IGrainFactory Grains => _grains.Value;

    public ScramCredentials Credentials => _credentials.Value;

    /// <summary>The API keys by hash, for cleartext passwords (over TLS only).</summary>
    public ApiKeyStore Keys => _keys.Value;

    /// <summary>The TLS context; <see cref="PgWireTls.Context"/> is null when no certificate is configured.</summary>
    public PgWireTls Tls { get; } = tls;

    /// <summary>Open connections per app.</summary>
    public PgAppConnections AppConnections { get; } = appConnections;

    public PgCancellation Cancellation { get; } = cancellation;

    public PgWireMetrics Metrics { get; } = metrics;

    public ILogger<PgWireConnection> Logger { get; } = logger;

    /// <summary>The engine kind of a database (for the SQLite translations of PostgreSQL-only statements).</summary>
    public PgEngineKinds EngineKinds { get; } = new(services);
    /// <summary>This silo's sessions (docs/sessions.md), or null when they are not tracked.</summary>
    public Sessions.SessionHub? Sessions { get; } = services.GetService<Sessions.SessionHub>();
}
