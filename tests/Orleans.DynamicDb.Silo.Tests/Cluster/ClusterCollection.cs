namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// The process-level cluster tests share one Redis and one PostgreSQL server and run one after another: several
/// clusters of real silos at once would starve a small machine and make healthy silos miss their membership probes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterServersFixture>
{
    public const string Name = "Silo clusters";
}
