namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>Observing a group spread over silos.</summary>
internal sealed partial class ReplicationGroupGrain
{
    public async Task<ReplicationGroupStatus> GetStatusAsync()
    {
        var layout = Layout;
        IReadOnlyDictionary<string, (string State, string SyncState, long? LagBytes)> replication =
            await Quietly(() => MemberSql.ReplicationAsync(ConnectionString(layout.Primary), CancellationToken.None))
            ?? new Dictionary<string, (string, string, long?)>();
        var members = new List<MemberStatus>();
        foreach (var member in layout.Members.OrderBy(m => m.Role))
        {
            int? pid = null;
            if (IsActive(member.Silo))
            {
                try
                {
                    pid = await Host(member.Silo).PidAsync(member.Name).WaitAsync(HostCallTimeout);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    pid = null;
                }
            }

            long? lsn = null;
            long? connections = null;
            if (pid is not null && member.Role != MemberRole.Fenced)
            {
                var position = member.Role == MemberRole.Primary ? "pg_current_wal_lsn()" : "pg_last_wal_replay_lsn()";
                lsn = await Quietly(() => MemberSql.ScalarAsync<long?>(ConnectionString(member.Name), $"SELECT {MemberSql.Bytes(position)}", CancellationToken.None));
                connections = await Quietly(() => MemberSql.ScalarAsync<long?>(ConnectionString(member.Name),
                    "SELECT count(*) - 1 FROM pg_stat_activity WHERE backend_type = 'client backend'", CancellationToken.None));
            }

            var streaming = replication.TryGetValue(member.Name, out var row) ? row : default((string?, string?, long?)?);
            members.Add(new MemberStatus(member.Name, member.Role, member.Port, pid, pid is not null, lsn,
                member.Role == MemberRole.Primary ? (lsn is null ? null : 0) : streaming?.Item3,
                streaming?.Item1, streaming?.Item2, connections is { } count ? (int)count : null, Silo: member.Silo));
        }

        return new ReplicationGroupStatus(Name, layout.Epoch, layout.Primary, layout.SynchronousStandbyNames(), members, layout.Pending);
    }
}
