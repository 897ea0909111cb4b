using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

/// <summary>
/// The telemetry tests share one silo and run alone, after the parallel tests. OpenTelemetry's metric streams are keyed by
/// meter and instrument name across the process, so another silo of the test process that stops (disposing its meters)
/// ends the same-named streams of this silo's exporter too. A real silo is one process; only the tests host several.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<GatewaySiloFixture>
{
    public const string Name = "Telemetry";
}
