namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// How the members of <c>postgres-ha</c> groups are reached when the silos form a cluster (section
/// <c>DynamicDb:HaCluster</c>): each member listens on <see cref="ListenAddress"/> of the silo that runs it, the other silos
/// and standbys connect to <see cref="AdvertisedHost"/>, and <c>pg_hba.conf</c> lets the superuser and the replication
/// login in (password, scram-sha-256) from loopback and from <see cref="AllowedNetworks"/>.
/// </summary>
public sealed class ClusterReplicationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:HaCluster";

    /// <summary>The address members listen on (PostgreSQL <c>listen_addresses</c>). Default: 127.0.0.1 (every silo on one machine).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The host name or address other silos reach this silo's members at. Default: empty, meaning <see cref="ListenAddress"/>.</summary>
    public string AdvertisedHost { get; set; } = "";

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.0.0.0/24</c>) the silos' machines are in; members accept the superuser and replication
    /// logins from them, besides loopback. Default: none (loopback only).
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>How often the group's grain looks at the cluster's membership and at its members. Default: 1 second.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo reads the group's layout (primary, epoch) when nothing told it of a change. Default: 500 ms.</summary>
    public TimeSpan LayoutRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a new group waits for enough silos (one per member) before it places several members on one silo.
    /// Default: 60 seconds.
    /// </summary>
    public TimeSpan SpreadWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The host other silos connect to.</summary>
    public string Host => string.IsNullOrWhiteSpace(AdvertisedHost) ? ListenAddress : AdvertisedHost;
}
