using System.Data.Common;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>The SQL of <see cref="AdoNetGrainDirectory"/> for one table; the same text runs on SQLite and PostgreSQL.</summary>
internal sealed class GrainDirectorySql(string table)
{
    private const string GrainKey = "cluster_id = @cluster_id AND grain_type = @grain_type AND grain_key = @grain_key";

    public string Select { get; } = $"SELECT silo_address, activation_id FROM {table} WHERE {GrainKey}";

    /// <summary>Stores the entry unless the grain has one; affects one row when stored.</summary>
    public string InsertIfAbsent { get; } =
        $"INSERT INTO {table} (cluster_id, grain_type, grain_key, silo_address, activation_id) "
        + "VALUES (@cluster_id, @grain_type, @grain_key, @silo_address, @activation_id) "
        + "ON CONFLICT (cluster_id, grain_type, grain_key) DO NOTHING";

    /// <summary>Replaces the entry only if it is still the previous one; affects one row when replaced.</summary>
    public string Replace { get; } =
        $"UPDATE {table} SET silo_address = @silo_address, activation_id = @activation_id "
        + $"WHERE {GrainKey} AND silo_address = @previous_silo_address AND activation_id = @previous_activation_id";

    public string Delete { get; } = $"DELETE FROM {table} WHERE {GrainKey} AND silo_address = @silo_address AND activation_id = @activation_id";

    public string DeleteSilo { get; } = $"DELETE FROM {table} WHERE cluster_id = @cluster_id AND silo_address = @silo_address";

    /// <summary>Version 1 of the schema; the index makes removing a silo's entries cheap.</summary>
    public IReadOnlyList<string> CreateTable() =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {table} (
            cluster_id TEXT NOT NULL,
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            silo_address TEXT NOT NULL,
            activation_id TEXT NOT NULL,
            PRIMARY KEY (cluster_id, grain_type, grain_key))
        """,
        $"CREATE INDEX IF NOT EXISTS {table}_silo ON {table} (cluster_id, silo_address)",
    ];

    public static (SiloAddress Silo, string ActivationId) Read(DbDataReader reader) =>
        (SiloAddress.FromParsableString(reader.GetString(0)), reader.GetString(1));
}
