namespace Orleans.DynamicDb.Engines;

/// <summary>The engine kinds an <see cref="EngineOptions.Kind"/> may name.</summary>
public static class EngineKinds
{
    /// <summary>Embedded SQLite: one file per database under the data directory. Nothing to install.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A registered PostgreSQL server: one PostgreSQL database per logical database.</summary>
    public const string Postgres = "postgres";

    /// <summary>A dedicated PostgreSQL instance per database, run by the silo, stopped on hibernation.</summary>
    public const string ManagedPostgres = "postgres-managed";

    /// <summary>
    /// A replication group the silo runs itself (a primary and <see cref="EngineOptions.Replicas"/> synchronous standbys),
    /// serving every database on the group's current primary and failing over automatically.
    /// </summary>
    public const string PostgresHa = "postgres-ha";

    /// <summary>Every kind, for validation messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Sqlite, Postgres, ManagedPostgres, PostgresHa];
}
