namespace Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

/// <summary>The tests that start a silo of their own (OTLP, disabled telemetry) run alone: a silo stopping would end the same-named metric streams of a silo running beside it (see <see cref="TelemetryCollection"/>).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OtlpCollection
{
    public const string Name = "Telemetry OTLP";
}
