namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>A ping grain that filters its own calls, as <c>DatabaseGrain</c>'s hibernation filter does.</summary>
[Alias("dyndb.bench.IFilteredPingGrain")]
public interface IFilteredPingGrain : IPingGrain
{
}
