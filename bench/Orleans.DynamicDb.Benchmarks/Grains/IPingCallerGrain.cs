namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>Calls a <see cref="IPingGrain"/> from inside a grain turn (the grain-to-grain path).</summary>
[Alias("dyndb.bench.IPingCallerGrain")]
public interface IPingCallerGrain : IGrainWithIntegerKey
{
    /// <summary>Pings grain <paramref name="targetKey"/> <paramref name="count"/> times, one at a time.</summary>
    Task PingMany(long targetKey, int count);
}
