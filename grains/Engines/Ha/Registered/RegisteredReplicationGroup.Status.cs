namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>Observing the group, and noticing a fenced member that its operator rebuilt.</summary>
public sealed partial class RegisteredReplicationGroup
{
    /// <summary>
    /// Every member's role, whether it answers, its WAL position and (standbys) state, sync state and lag from the primary's
    /// <c>pg_stat_replication</c>. No pid: the silo runs none of them. A fenced member seen streaming from the primary as a
    /// standby rejoins (persisted, logged) first.
    /// </summary>
    public async Task<ReplicationGroupStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        if (_started && await _gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await DetectRejoinedAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        var layout = Layout;
        var replication = layout.Pending is null
            ? await RegisteredSql.TryReplicationAsync(ConnectionString(layout.Primary), cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, (string, string, long?)>();
        var members = new List<MemberStatus>();
        foreach (var member in layout.Members.OrderBy(m => m.Role))
        {
            long? lsn = null;
            long? connections = null;
            var answers = false;
            if (member.Role != MemberRole.Fenced)
            {
                var position = member.Role == MemberRole.Primary ? "pg_current_wal_lsn()" : "pg_last_wal_replay_lsn()";
                (lsn, var failure) = await RegisteredSql.TryScalarAsync<long?>(ConnectionString(member.Name), $"SELECT {MemberSql.Bytes(position)}", cancellationToken).ConfigureAwait(false);
                answers = failure is null;
                if (answers)
                {
                    (connections, _) = await RegisteredSql.TryScalarAsync<long?>(ConnectionString(member.Name),
                        "SELECT count(*) - 1 FROM pg_stat_activity WHERE backend_type = 'client backend'", cancellationToken).ConfigureAwait(false);
                }
            }

            var streaming = replication.TryGetValue(member.Name, out var row) ? row : default((string?, string?, long?)?);
            members.Add(new MemberStatus(member.Name, member.Role, _servers[member.Name].Port, Pid: null, Running: answers, lsn,
                member.Role == MemberRole.Primary ? (lsn is null ? null : 0) : streaming?.Item3,
                streaming?.Item1, streaming?.Item2, connections is { } count ? (int)count : null));
        }

        return new ReplicationGroupStatus(Name, layout.Epoch, layout.Primary, layout.SynchronousStandbyNames(), members, layout.Pending?.Description);
    }

    /// <summary>
    /// A fenced member that answers as a standby (in recovery) and streams from the primary under its own name was rebuilt
    /// by its operator: it becomes a standby again (layout written first, then logged). Called with the gate held.
    /// </summary>
    private async Task DetectRejoinedAsync(CancellationToken cancellationToken)
    {
        var layout = Layout;
        var fenced = layout.Members.Where(m => m.Role == MemberRole.Fenced).ToList();
        if (fenced.Count == 0 || layout.Pending is not null)
        {
            return;
        }

        var replication = await RegisteredSql.TryReplicationAsync(ConnectionString(layout.Primary), cancellationToken).ConfigureAwait(false);
        foreach (var member in fenced)
        {
            if (!replication.TryGetValue(member.Name, out var row) || row.State != "streaming")
            {
                continue;
            }

            var (inRecovery, failure) = await RegisteredSql.TryScalarAsync<bool>(ConnectionString(member.Name), "SELECT pg_is_in_recovery()", cancellationToken).ConfigureAwait(false);
            if (failure is not null || !inRecovery)
            {
                continue;
            }

            var (conninfo, _) = await RegisteredSql.TryScalarAsync<string>(ConnectionString(member.Name), "SHOW primary_conninfo", cancellationToken).ConfigureAwait(false);
            Save(Layout.With(member.Name, m => m with { Role = MemberRole.Standby, Conninfo = string.IsNullOrEmpty(conninfo) ? m.Conninfo : conninfo }));
            RegisteredGroupLog.Rejoined(_logger, member.Name, Name, layout.Primary);
        }
    }
}
