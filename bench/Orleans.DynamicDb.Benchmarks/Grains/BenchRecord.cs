namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>A small state record (about 90 bytes of JSON), the size of a typical counter or pointer grain.</summary>
public sealed record BenchRecord(long Sequence, string Owner, DateTimeOffset Stamp);
