using System.Diagnostics;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>Promoting a standby in place of the primary, wherever the silos run them.</summary>
internal sealed partial class ReplicationGroupGrain
{
    public async Task<ClusterView> PromoteAsync(string? target, string[] unhealthy)
    {
        var layout = Layout;
        if (layout.Operation == PendingOperation.Create)
        {
            throw new DynamicDbException(ErrorCodes.EngineUnavailable, $"The replication group '{Name}' is still being created; retry shortly.", isTransient: true);
        }

        if (layout.Operation != PendingOperation.Promote)
        {
            if (target is not null && (!layout.Members.Any(m => m.Name == target) || layout[target].Role != MemberRole.Standby))
            {
                throw new DynamicDbException(ErrorCodes.RequestInvalid,
                    $"'{target}' is not a standby of replication group {Name}; choose one of {string.Join(", ", layout.Standbys().Select(s => s.Name))}.");
            }

            await SaveAsync(layout.With(layout.Primary, m => m with { Role = MemberRole.Fenced }).Doing(PendingOperation.Promote,
                $"promote {target ?? "the standby reaching furthest"} in place of {layout.Primary} (epoch {layout.Epoch} to {layout.Epoch + 1})"));
        }

        await PromoteCoreAsync(target, unhealthy);
        return new ClusterView(Layout, Password);
    }

    /// <summary>
    /// The promotion's steps, each idempotent (an interrupted promotion is finished by the next watch tick): stop the old
    /// primary when its silo answers, cut every standby off it (so it acknowledges nothing more, whatever became of its
    /// silo), choose the standby whose WAL reaches furthest (<see cref="FailoverCandidates"/>), record it with the next
    /// epoch, give it the synchronous standbys, promote it, repoint the other standbys, and wait until they stream.
    /// </summary>
    private async Task PromoteCoreAsync(string? target, IReadOnlyCollection<string>? unhealthy = null)
    {
        var started = Stopwatch.GetTimestamp();
        string chosen;
        string previous;
        if (Layout[Layout.Primary].Role == MemberRole.Fenced)
        {
            previous = Layout.Primary;
            await FenceQuietlyAsync(Layout[previous]);
            var positions = new List<StandbyPosition>();
            string? promoted = null;
            foreach (var standby in Layout.Standbys().ToList())
            {
                await Quietly(() => MemberSql.ExecuteAsync(ConnectionString(standby.Name), CancellationToken.None,
                    "ALTER SYSTEM SET primary_conninfo = ''", "SELECT pg_reload_conf()"));
                var (position, inRecovery) = await ReadPositionAsync(standby.Name);
                positions.Add(position);
                promoted = inRecovery == false ? standby.Name : promoted;
            }

            chosen = promoted ?? FailoverCandidates.Choose(positions, target, unhealthy: unhealthy);
            var epoch = Layout.Epoch + 1;
            await SaveAsync((Layout with { Primary = chosen, Epoch = epoch })
                .With(chosen, m => m with { Role = MemberRole.Primary })
                .Doing(PendingOperation.Promote, $"promote {chosen} in place of {previous} (epoch {epoch})"));
        }
        else
        {
            chosen = Layout.Primary;
            previous = Layout.Members.FirstOrDefault(m => m.Role == MemberRole.Fenced)?.Name ?? "?";
        }

        // Before the promotion: from its first commit on, the new primary waits for a synchronous standby.
        await SetSynchronousStandbysAsync(chosen);
        if (await MemberSql.ScalarAsync<bool>(ConnectionString(chosen), "SELECT pg_is_in_recovery()", CancellationToken.None))
        {
            var promoting = new NpgsqlConnectionStringBuilder(ConnectionString(chosen)) { CommandTimeout = 65 }.ConnectionString;
            if (!await MemberSql.ScalarAsync<bool>(promoting, "SELECT pg_promote(true, 60)", CancellationToken.None))
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Standby {chosen} of replication group {Name} did not finish its promotion within 60 s.", isTransient: true);
            }
        }

        var others = Layout.Standbys().Select(s => s.Name).ToList();
        foreach (var standby in others)
        {
            await RepointAsync(standby, chosen);
        }

        await SaveAsync(Layout.Doing(null));
        ClusterLog.Promoted(logger, Name, chosen, previous, Layout.Epoch, Elapsed(started));
        try
        {
            await WaitForStandbysAsync(others);
        }
        catch (DynamicDbException e)
        {
            // Commits wait for a synchronous standby meanwhile; the watch rebuilds what does not come back.
            LogWatchFailed(e);
        }
    }

    /// <summary>Stops a member through its silo when that silo is active and answers in time; otherwise says why not (the caller cuts it off).</summary>
    private async Task FenceQuietlyAsync(PlacedMember member)
    {
        if (!IsActive(member.Silo))
        {
            ClusterLog.FenceSkipped(logger, Name, member.Name, member.Silo, "its silo is not active");
            return;
        }

        try
        {
            await Host(member.Silo).FenceAsync(member.Name).WaitAsync(HostCallTimeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ClusterLog.FenceSkipped(logger, Name, member.Name, member.Silo, e.Message);
        }
    }

    /// <summary>
    /// A standby's flushed and replayed WAL positions and whether it is still in recovery; nulls when it cannot be asked
    /// (then <see cref="FailoverCandidates"/> refuses to choose: it may hold the latest acknowledged commits).
    /// </summary>
    private async Task<(StandbyPosition Position, bool? InRecovery)> ReadPositionAsync(string standby)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString(standby));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"SELECT pg_is_in_recovery(), {MemberSql.Bytes("pg_last_wal_receive_lsn()")}, {MemberSql.Bytes("pg_last_wal_replay_lsn()")}, {MemberSql.Bytes("CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() END")}",
                connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var inRecovery = reader.GetBoolean(0);
            long? flushed = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            long? replayed = reader.IsDBNull(2) ? (reader.IsDBNull(3) ? null : reader.GetInt64(3)) : reader.GetInt64(2);
            return (new StandbyPosition(standby, flushed, replayed), inRecovery);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return (new StandbyPosition(standby, null, null), null);
        }
    }
}
