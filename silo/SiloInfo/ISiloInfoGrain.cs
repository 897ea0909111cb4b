using Orleans.Concurrency;

namespace Orleans.DynamicDb.Silo.SiloInfo;

/// <summary>
/// What a silo knows about its own history, kept in grain storage: how often it has started and when. The silo
/// records each start, and the readiness check reads it back, so a ready silo has answered a real grain call.
/// Key: <see cref="LocalKey"/>.
/// </summary>
[Alias("dyndb.ISiloInfoGrain")]
public interface ISiloInfoGrain : IGrainWithStringKey
{
    /// <summary>The key of the one silo of the embedded default (silos get names of their own with clustering).</summary>
    const string LocalKey = "local";

    /// <summary>Counts one more start of the silo, now, and stores it.</summary>
    Task<SiloStartHistory> RecordStartAsync();

    /// <summary>The stored history.</summary>
    [ReadOnly]
    Task<SiloStartHistory> GetAsync();
}
