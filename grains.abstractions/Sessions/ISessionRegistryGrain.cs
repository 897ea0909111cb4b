using Orleans.Concurrency;

namespace Orleans.DynamicDb.Sessions;

/// <summary>
/// One shard (key 0 to <see cref="SessionRegistry.Shards"/> − 1) of the registry of live sessions across silos: a
/// small summary per session, written by the session grain when it opens, closes or is gone. Idle sessions cost the
/// registry nothing; a listing asks every shard (<see cref="SessionRegistry"/>).
/// </summary>
[Alias("dyndb.ISessionRegistryGrain")]
public interface ISessionRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or replaces the summary of a session.</summary>
    [OneWay]
    Task UpsertAsync(SessionSummary summary);

    /// <summary>Forgets a session (its tail after closing has passed).</summary>
    [OneWay]
    Task RemoveAsync(string id);

    /// <summary>The summaries matching <paramref name="filter"/> with an id after <paramref name="after"/>, in id order, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<SessionSummary>> ListAsync(SessionFilter filter, string? after, int limit);
}
