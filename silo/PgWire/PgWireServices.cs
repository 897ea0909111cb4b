using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>What every connection of the frontend uses.</summary>
internal sealed class PgWireServices(
    IOptions<PgWireOptions> options,
    IGrainFactory grains,
    ScramCredentials credentials,
    PgCancellation cancellation,
    PgWireMetrics metrics,
    ILogger<PgWireConnection> logger)
{
    public PgWireOptions Options { get; } = options.Value;

    public IGrainFactory Grains { get; } = grains;

    public ScramCredentials Credentials { get; } = credentials;

    public PgCancellation Cancellation { get; } = cancellation;

    public PgWireMetrics Metrics { get; } = metrics;

    public ILogger<PgWireConnection> Logger { get; } = logger;
}
