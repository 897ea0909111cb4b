namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// The settings of one replication group: a PostgreSQL primary and <see cref="Replicas"/> synchronous standbys this
/// process runs on loopback from the machine's binaries, each in its own data directory and port.
/// </summary>
public sealed class ReplicationGroupOptions
{
    /// <summary>The most standbys a group may have.</summary>
    public const int MaxReplicas = 4;

    /// <summary>The group's name, used in logs and status. Default: "ha".</summary>
    public string Name { get; set; } = "ha";

    /// <summary>
    /// Standbys beside the primary. Default: 2, allowed 0–4. Commits wait for any one of them
    /// (<c>synchronous_standby_names = 'ANY 1 (…)'</c>); with 0 the group is a single unreplicated server.
    /// </summary>
    public int Replicas { get; set; } = 2;

    /// <summary>The PostgreSQL binaries (initdb, pg_ctl, pg_basebackup, pg_rewind, postgres). Default: <see cref="EngineOptions.DefaultBinDirectory"/>.</summary>
    public string BinDirectory { get; set; } = EngineOptions.DefaultBinDirectory;

    /// <summary>The group's folder: one data directory per member, their logs and the layout file. Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>First loopback port members may listen on. Default: 16432.</summary>
    public int PortRangeStart { get; set; } = 16432;

    /// <summary>Last loopback port members may listen on (inclusive). Default: 16931.</summary>
    public int PortRangeEnd { get; set; } = 16931;

    /// <summary>How long one tool may run (initdb, pg_ctl start/stop, pg_basebackup, pg_rewind, promotion). Default: 60 seconds.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for standbys to stream (and, on the primary, to count as synchronous). Default: 30 seconds.</summary>
    public TimeSpan ReplicationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one SQL command the group sends to a member (status, promotion, settings). Default: 5 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Members' own weights by name (m0–m4): among the healthy standbys whose WAL reaches furthest, a failover promotes the
    /// highest-weighted one; auto-fallback returns to the highest-weighted member. Default: empty (every member weighs
    /// <see cref="DefaultWeight"/>, or what it was added with).
    /// </summary>
    public IDictionary<string, double> MemberWeights { get; set; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The weight of a member that has none of its own. Default: 1.0.</summary>
    public double DefaultWeight { get; set; } = 1.0;
}
