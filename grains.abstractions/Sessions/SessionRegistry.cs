namespace Orleans.DynamicDb.Sessions;

/// <summary>
/// Reads the registry of live sessions: its <see cref="Shards"/> shard grains are asked in parallel and their answers
/// merged in id order. Sharding spreads the open and close calls of many connections over several grains (and so
/// silos), and keeps each shard small: 10,000 idle sessions are 10,000 summaries of a few hundred bytes, and no calls.
/// </summary>
public static class SessionRegistry
{
    /// <summary>The number of registry shards.</summary>
    public const int Shards = 16;

    /// <summary>The registry shard that keeps session <paramref name="id"/>.</summary>
    public static ISessionRegistryGrain ShardFor(this IGrainFactory grains, string id)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ISessionRegistryGrain>(SessionSummary.ShardOf(id));
    }

    /// <summary>The summaries matching <paramref name="filter"/> with an id after <paramref name="after"/>, in id order, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(this IGrainFactory grains, SessionFilter filter, string? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards)
            .Select(i => grains.GetGrain<ISessionRegistryGrain>(i).ListAsync(filter, after, limit))).ConfigureAwait(false);
        return [.. shards.SelectMany(s => s).OrderBy(s => s.Id, StringComparer.Ordinal).Take(limit)];
    }
}
