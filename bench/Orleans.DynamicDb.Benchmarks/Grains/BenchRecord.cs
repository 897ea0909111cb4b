namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>A small state record (about 90 bytes of JSON), the size of a typical counter or pointer grain.</summary>
[GenerateSerializer, Immutable, Alias("dyndb.bench.BenchRecord")]
public sealed record BenchRecord([property: Id(0)] long Sequence, [property: Id(1)] string Owner, [property: Id(2)] DateTimeOffset Stamp);
