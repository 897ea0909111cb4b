namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>Which cluster and service a silo belongs to. Section: <c>Orleans:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Orleans:Cluster";

    /// <summary>The cluster's id; silos with the same id form one cluster. Default: "dev".</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>The service's id, stable across deployments (keys durable state). Default: "dev".</summary>
    public string ServiceId { get; set; } = "dev";

    /// <summary>How silos find each other. Default: <see cref="ClusteringMode.Localhost"/> (one silo).</summary>
    public ClusteringMode Mode { get; set; } = ClusteringMode.Localhost;
}

/// <summary>Membership providers.</summary>
public enum ClusteringMode
{
    /// <summary>A single silo on this machine; nothing to install.</summary>
    Localhost,

    /// <summary>Silos share a membership table and a grain directory in Redis (<c>UseRedisClustering</c>).</summary>
    Redis,

    /// <summary>Silos share a membership table and a grain directory in a SQL database (<c>UseAdoNetClustering</c>).</summary>
    AdoNet,

    /// <summary>Silos of one process share an in-memory membership table and grain directory (<c>UseInMemoryClustering</c>, tests).</summary>
    InMemory,
}
