using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>A running PostgreSQL instance serving one database, shared by the connections opened on it.</summary>
internal sealed class ManagedInstance(DatabaseName name, string clusterDirectory, int port, NpgsqlDataSource dataSource)
{
    public DatabaseName Name { get; } = name;

    public string ClusterDirectory { get; } = clusterDirectory;

    public int Port { get; } = port;

    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>Open connections on this instance; guarded by the engine's per-database lock.</summary>
    public int References { get; set; }
}
