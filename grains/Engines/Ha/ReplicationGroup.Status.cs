using Npgsql;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Observing the group.</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>
    /// Every member's role, pid, port, whether it runs, its WAL position and (for standbys) its state, sync state and
    /// lag as the primary's <c>pg_stat_replication</c> reports them. A member that does not answer shows nulls.
    /// </summary>
    public async Task<ReplicationGroupStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var layout = Layout;
        IReadOnlyDictionary<string, (string State, string SyncState, long? LagBytes)> replication =
            new Dictionary<string, (string, string, long?)>();
        if (MemberProcesses.Postmaster(MemberDirectory(layout.Primary)) is not null)
        {
            replication = await Quietly(() => MemberSql.ReplicationAsync(ConnectionString(layout.Primary), cancellationToken)).ConfigureAwait(false)
                ?? replication;
        }

        var members = new List<MemberStatus>();
        foreach (var member in layout.Members.OrderBy(m => m.Role))
        {
            var pid = MemberProcesses.Postmaster(MemberDirectory(member.Name));
            long? lsn = null;
            long? connections = null;
            if (pid is not null && member.Role != MemberRole.Fenced)
            {
                var position = member.Role == MemberRole.Primary ? "pg_current_wal_lsn()" : "pg_last_wal_replay_lsn()";
                lsn = await Quietly(() => MemberSql.ScalarAsync<long?>(ConnectionString(member.Port), $"SELECT {MemberSql.Bytes(position)}", cancellationToken))
                    .ConfigureAwait(false);
                connections = await Quietly(() => MemberSql.ScalarAsync<long?>(ConnectionString(member.Port),
                    "SELECT count(*) - 1 FROM pg_stat_activity WHERE backend_type = 'client backend'", cancellationToken)).ConfigureAwait(false);
            }

            var streaming = replication.TryGetValue(member.Name, out var row) ? row : default((string?, string?, long?)?);
            members.Add(new MemberStatus(member.Name, member.Role, member.Port, pid, pid is not null, lsn,
                member.Role == MemberRole.Primary ? (lsn is null ? null : 0) : streaming?.Item3,
                streaming?.Item1, streaming?.Item2, connections is { } count ? (int)count : null, MemberWeights.Of(_options, member)));
        }

        return new ReplicationGroupStatus(Name, layout.Epoch, layout.Primary, layout.SynchronousStandbyNames(), members, layout.Pending?.Description);
    }

    private static async Task<T?> Quietly<T>(Func<Task<T>> query)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return default;
        }
    }
}
