using Microsoft.Extensions.Options;

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
    ILogger<PgWireConnection> logger)
{
    private readonly Lazy<IGrainFactory> _grains = new(services.GetRequiredService<IGrainFactory>);
    private readonly Lazy<ScramCredentials> _credentials = new(services.GetRequiredService<ScramCredentials>);

    public PgWireOptions Options => options.Value;

    public IGrainFactory Grains => _grains.Value;

    public ScramCredentials Credentials => _credentials.Value;

    public PgCancellation Cancellation { get; } = cancellation;

    public PgWireMetrics Metrics { get; } = metrics;

    public ILogger<PgWireConnection> Logger { get; } = logger;

    /// <summary>This silo's sessions (docs/sessions.md), or null when they are not tracked.</summary>
    public Sessions.SessionHub? Sessions { get; } = services.GetService<Sessions.SessionHub>();
}
