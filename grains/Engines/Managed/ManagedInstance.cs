using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>A running PostgreSQL instance serving one database, shared by the connections opened on it.</summary>
internal sealed class ManagedInstance(DatabaseName name, string clusterDirectory, int port, NpgsqlDataSource dataSource, string? tenantConnectionString = null)
{
    public DatabaseName Name { get; } = name;

    public string ClusterDirectory { get; } = clusterDirectory;

    public int Port { get; } = port;

    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>The tenant role's connection string to the database (what the data source uses), for the mover's direct connections.</summary>
    public string? TenantConnectionString { get; } = tenantConnectionString;

    /// <summary>Open connections on this instance; guarded by the engine's per-database lock.</summary>
    public int References { get; set; }
}
