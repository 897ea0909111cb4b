using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>What the grain runtime needs when its silo is part of a cluster.</summary>
internal sealed class ClusterContext(GrainLocator locator, IRemoteGrainCaller remote)
{
    public GrainLocator Locator { get; } = locator;

    public IRemoteGrainCaller Remote { get; } = remote;

    public SiloAddress Self => Locator.Self;

    /// <summary>The most times a call may be forwarded between silos before it fails.</summary>
    public const int MaxHops = 3;
}
