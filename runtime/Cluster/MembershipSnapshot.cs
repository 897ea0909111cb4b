using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>What one silo currently believes about the cluster: the table version, every row and the ring of active silos.</summary>
public sealed class MembershipSnapshot
{
    public static readonly MembershipSnapshot Empty = new(0, []);

    public MembershipSnapshot(int version, IReadOnlyList<MembershipEntry> entries)
    {
        Version = version;
        Entries = entries;
        ActiveSilos = [.. entries.Where(e => e.Status == SiloStatus.Active).Select(e => e.SiloAddress).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal)];
        DeadSilos = [.. entries.Where(e => e.Status == SiloStatus.Dead).Select(e => e.SiloAddress)];
        Ring = new ConsistentRing(ActiveSilos);
    }

    public int Version { get; }

    public IReadOnlyList<MembershipEntry> Entries { get; }

    /// <summary>Active silos, in a stable order.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    public IReadOnlyList<SiloAddress> DeadSilos { get; }

    /// <summary>The consistent ring over <see cref="ActiveSilos"/>.</summary>
    public ConsistentRing Ring { get; }

    public SiloStatus StatusOf(SiloAddress silo) => Entries.FirstOrDefault(e => e.SiloAddress == silo)?.Status ?? SiloStatus.None;

    public bool IsDead(SiloAddress silo) => StatusOf(silo) == SiloStatus.Dead;
}
