namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// Makes the replication group of a <c>postgres-ha</c> engine entry when the silo does not run every member itself (a
/// cluster of silos: <see cref="ClusterReplicationGroup"/>). Without one registered, each engine runs its group on its silo
/// (<see cref="ReplicationGroup"/>).
/// </summary>
public interface IReplicationGroupFactory
{
    /// <summary>The group of the engine entry <paramref name="options"/>.</summary>
    IReplicationGroup Create(EngineOptions options);
}
