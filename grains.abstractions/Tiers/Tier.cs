namespace Orleans.DynamicDb.Tiers;

/// <summary>
/// The priority tier of a session (the tier-sharding seed): it decides where a session's statements run and how they
/// queue under load. The numeric order is the priority order, High first.
/// </summary>
[GenerateSerializer]
[Alias("dyndb.Tier")]
public enum Tier
{
    /// <summary>Reserved capacity on the primary; never throttled.</summary>
    High = 0,

    /// <summary>The primary or a standby with room; the default of a session nothing is known about yet.</summary>
    Medium = 1,

    /// <summary>Read-only statements go to hot standbys; queued when there is no capacity.</summary>
    Low = 2,

    /// <summary>Throttled first under load.</summary>
    Background = 3,
}
