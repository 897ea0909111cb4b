using System.Data.Common;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>The SQL of <see cref="AdoNetGrainStorage"/> for one table; the same text runs on SQLite and PostgreSQL.</summary>
internal sealed class GrainStateSql(string table)
{
    private const string Key = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";

    public string Select { get; } = $"SELECT payload, etag FROM {table} WHERE {Key}";

    public string SelectEtag { get; } = $"SELECT etag FROM {table} WHERE {Key}";

    /// <summary>Inserts a new record; affects no row when one already exists (a concurrent insert won).</summary>
    public string Insert { get; } =
        $"INSERT INTO {table} (grain_type, grain_key, state_name, payload, etag, modified_on) "
        + "VALUES (@grain_type, @grain_key, @state_name, @payload, @etag, @now) "
        + "ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING";

    /// <summary>Replaces the record; affects no row unless the stored etag is the expected one.</summary>
    public string Update { get; } =
        $"UPDATE {table} SET payload = @payload, etag = @etag, modified_on = @now WHERE {Key} AND etag = @expected";

    /// <summary>Deletes the record; affects no row unless the stored etag is the expected one.</summary>
    public string Delete { get; } = $"DELETE FROM {table} WHERE {Key} AND etag = @expected";

    public IReadOnlyList<string> CreateTable(AdoNetDialect dialect) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {table} (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            state_name TEXT NOT NULL,
            payload TEXT NOT NULL,
            etag TEXT NOT NULL,
            modified_on {dialect.TimestampType} NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name))
        """,
    ];
}

/// <summary>Binds the record key of a grain state row.</summary>
internal static class GrainStateSqlParameters
{
    public static DbCommand WithKey(this DbCommand command, string stateName, GrainId grainId) =>
        command.With("grain_type", grainId.Type).With("grain_key", grainId.Key).With("state_name", stateName);
}
