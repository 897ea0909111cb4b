using System.Data.Common;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The SQL of <see cref="AdoNetMembershipTable"/>; the same text runs on SQLite and PostgreSQL. Rows live in
/// <c>{table}</c>, one table version per cluster in <c>{table}_versions</c>. Times are UTC ticks (exact round trips).
/// </summary>
internal sealed class MembershipSql(string table)
{
    private const string RowColumns = "r.silo_address, r.status, r.silo_name, r.host_name, r.gateway_port, r.http_address, r.start_ticks, r.iamalive_ticks, r.suspect_times, r.etag";

    /// <summary>The version and every row, in one statement (one snapshot); no result row when the cluster has no version.</summary>
    public string SelectAll { get; } = $"SELECT v.version, v.version_etag, {RowColumns} FROM {table}_versions v LEFT JOIN {table} r ON r.cluster_id = v.cluster_id WHERE v.cluster_id = @cluster_id";

    public string SelectRow { get; } = $"SELECT v.version, v.version_etag, {RowColumns} FROM {table}_versions v LEFT JOIN {table} r ON r.cluster_id = v.cluster_id AND r.silo_address = @silo_address WHERE v.cluster_id = @cluster_id";

    public string InitializeVersion { get; } = $"INSERT INTO {table}_versions (cluster_id, version, version_etag) VALUES (@cluster_id, 0, @version_etag) ON CONFLICT (cluster_id) DO NOTHING";

    /// <summary>The version half of the compare-and-swap: moves the version on only if it is still the one read (and locks it until commit).</summary>
    public string AdvanceVersion { get; } = $"UPDATE {table}_versions SET version = @new_version, version_etag = @new_version_etag WHERE cluster_id = @cluster_id AND version = @read_version AND version_etag = @read_version_etag";

    public string InsertRow { get; } =
        $"INSERT INTO {table} (cluster_id, silo_address, status, silo_name, host_name, gateway_port, http_address, start_ticks, iamalive_ticks, suspect_times, etag) "
        + "VALUES (@cluster_id, @silo_address, @status, @silo_name, @host_name, @gateway_port, @http_address, @start_ticks, @iamalive_ticks, @suspect_times, @new_etag) "
        + "ON CONFLICT (cluster_id, silo_address) DO NOTHING";

    public string UpdateRow { get; } =
        $"UPDATE {table} SET status = @status, silo_name = @silo_name, host_name = @host_name, gateway_port = @gateway_port, http_address = @http_address, "
        + "start_ticks = @start_ticks, iamalive_ticks = @iamalive_ticks, suspect_times = @suspect_times, etag = @new_etag "
        + "WHERE cluster_id = @cluster_id AND silo_address = @silo_address AND etag = @etag";

    public string UpdateIAmAlive { get; } = $"UPDATE {table} SET iamalive_ticks = @iamalive_ticks WHERE cluster_id = @cluster_id AND silo_address = @silo_address";

    public string DeleteDefunct { get; } = $"DELETE FROM {table} WHERE cluster_id = @cluster_id AND status <> @active AND iamalive_ticks < @before AND start_ticks < @before";

    public string DeleteRows { get; } = $"DELETE FROM {table} WHERE cluster_id = @cluster_id";

    public string DeleteVersion { get; } = $"DELETE FROM {table}_versions WHERE cluster_id = @cluster_id";

    /// <summary>Version 1 of the schema.</summary>
    public IReadOnlyList<string> CreateTables() =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {table}_versions (
            cluster_id TEXT NOT NULL PRIMARY KEY,
            version BIGINT NOT NULL,
            version_etag TEXT NOT NULL)
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {table} (
            cluster_id TEXT NOT NULL,
            silo_address TEXT NOT NULL,
            status INTEGER NOT NULL,
            silo_name TEXT NOT NULL,
            host_name TEXT NOT NULL,
            gateway_port INTEGER NOT NULL,
            http_address TEXT NULL,
            start_ticks BIGINT NOT NULL,
            iamalive_ticks BIGINT NOT NULL,
            suspect_times TEXT NOT NULL,
            etag TEXT NOT NULL,
            PRIMARY KEY (cluster_id, silo_address))
        """,
    ];

    /// <summary>One result row: the version, and the membership row when there is one.</summary>
    public static (TableVersion Version, (MembershipEntry Entry, string Etag)? Member) Read(DbDataReader reader)
    {
        var version = new TableVersion(checked((int)reader.GetInt64(0)), reader.GetString(1));
        if (reader.IsDBNull(2))
        {
            return (version, null);
        }

        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(reader.GetString(2)),
            Status = (SiloStatus)reader.GetInt32(3),
            SiloName = reader.GetString(4),
            HostName = reader.GetString(5),
            GatewayPort = reader.GetInt32(6),
            HttpAddress = reader.IsDBNull(7) ? null : reader.GetString(7),
            StartTime = MembershipRows.FromTicks(reader.GetInt64(8)),
            IAmAliveTime = MembershipRows.FromTicks(reader.GetInt64(9)),
            SuspectTimes = MembershipJson.DecodeSuspects(reader.GetString(10)),
        };
        return (version, (entry, reader.GetString(11)));
    }
}
