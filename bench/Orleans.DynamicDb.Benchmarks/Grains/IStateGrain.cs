namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>A grain with one persistent state, written on every call.</summary>
[Alias("dyndb.bench.IStateGrain")]
public interface IStateGrain : IGrainWithIntegerKey
{
    /// <summary>Replaces the state with a new small record and writes it to the default storage provider.</summary>
    Task Write(long sequence);
}
