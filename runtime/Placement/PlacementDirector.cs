using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Placement;

/// <summary>Chooses the silo for a grain's new activation from the active silos, by the grain class's strategy.</summary>
internal static class PlacementDirector
{
    /// <summary>
    /// The silo for a new activation of <paramref name="grainId"/>. <paramref name="ring"/> is the ring over
    /// <paramref name="activeSilos"/> (used by hash-based placement).
    /// </summary>
    public static SiloAddress Choose(PlacementStrategy strategy, GrainId grainId, SiloAddress local, IReadOnlyList<SiloAddress> activeSilos, ConsistentRing ring)
    {
        if (activeSilos.Count == 0)
        {
            return local;
        }

        return strategy switch
        {
            PlacementStrategy.PreferLocal => activeSilos.Contains(local) ? local : activeSilos[Random.Shared.Next(activeSilos.Count)],
            PlacementStrategy.HashBased => ring.OwnerOf(grainId.GetUniformHashCode()),
            _ => activeSilos[Random.Shared.Next(activeSilos.Count)],
        };
    }
}
