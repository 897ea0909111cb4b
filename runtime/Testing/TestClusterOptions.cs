namespace Orleans.DynamicDb.Runtime.Testing;

/// <summary>Shape of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started by DeployAsync. Default: 1 (localhost clustering); more form a cluster over loopback TCP.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>Configuration values every silo sees, e.g. "Orleans:Messaging:ResponseTimeout".</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);
}
