namespace Orleans.DynamicDb.Sessions;

/// <summary>What the registry keeps of a session: enough to filter and page a listing.</summary>
/// <param name="Id">The session id.</param>
/// <param name="Protocol"><c>pgwire</c> or <c>http</c> (<see cref="SessionProtocols"/>).</param>
/// <param name="App">The app.</param>
/// <param name="Database">The database name.</param>
/// <param name="State"><c>open</c> or <c>closed</c> (<see cref="SessionStates"/>).</param>
/// <param name="Host">The silo that holds the connection.</param>
/// <param name="OpenedAt">When the session opened.</param>
/// <param name="Tier">The session's tier now (docs/tiers.md); null before its first classification.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SessionSummary")]
public sealed record SessionSummary(string Id, string Protocol, string App, string Database, string State, string Host, DateTimeOffset OpenedAt, Tiers.Tier? Tier = null)
{
    /// <summary>The registry shard that keeps session <paramref name="id"/>.</summary>
    public static int ShardOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % SessionRegistry.Shards);
    }
}
