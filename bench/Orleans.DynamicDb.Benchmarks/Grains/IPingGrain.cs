namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>The Orleans "Ping" benchmark shape: a grain method that returns a completed task.</summary>
[Alias("dyndb.bench.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    Task Ping();

    /// <summary>
    /// Completes after a 1 ms timer, so the call is answered from the grain's turn loop after the caller awaited it:
    /// the caller's continuation then runs on that loop, as after any grain call that did real asynchronous work
    /// (a storage write).
    /// </summary>
    Task PingAfterDelay();

    /// <summary>The name of the silo the grain's activation lives on (to pick grains placed on another silo).</summary>
    Task<string> SiloName();
}
