namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>
/// Whether the silo joins a cluster of silos instead of running alone. Section: <c>DynamicDb:Cluster</c>. Leave both
/// settings unset for the embedded default (one silo, grain state and reminders in SQLite under the data directory).
/// </summary>
public sealed class DynamicDbClusterOptions
{
    public const string SectionName = "DynamicDb:Cluster";

    /// <summary>
    /// The Redis server that holds the cluster's membership table and grain directory, as a StackExchange.Redis
    /// configuration string, e.g. <c>127.0.0.1:6379</c>. Set: the silo uses Redis clustering (cluster id from
    /// <c>Orleans:Cluster:ClusterId</c>, silo port from <c>Orleans:Endpoints:SiloPort</c>) and
    /// <see cref="PostgresConnectionString"/> is required. Default: unset (localhost clustering).
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// The PostgreSQL database (Npgsql connection string) that holds grain state, reminders and the database catalog,
    /// shared by every silo of the cluster; tables are created on first use. Set: replaces the SQLite files under the
    /// data directory, and the catalog goes there unless <c>DynamicDb:Databases:CatalogConnectionString</c> is set.
    /// Default: unset (SQLite).
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>True when <see cref="RedisConnectionString"/> is set.</summary>
    public bool UsesRedisClustering => !string.IsNullOrWhiteSpace(RedisConnectionString);

    /// <summary>True when <see cref="PostgresConnectionString"/> is set.</summary>
    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    /// <summary>The setting's full name as written in configuration, e.g. "DynamicDb:Cluster:RedisConnectionString".</summary>
    internal static string Setting(string name) => $"{SectionName}:{name}";
}
