using System.Diagnostics;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>Failing over with SQL only.</summary>
public sealed partial class RegisteredReplicationGroup
{
    /// <summary>
    /// Fails over: records the primary as fenced (and the promotion as pending) before anything else, makes it read-only
    /// and ends its client sessions if it still answers (in the background: a hung server is not waited for), detaches every standby
    /// from it (<c>primary_conninfo = ''</c>, so nothing more can be acknowledged and their positions stop moving), promotes
    /// <paramref name="target"/> or the standby whose WAL reaches furthest (<see cref="FailoverCandidates"/>; a silent standby
    /// makes it unsafe) with <c>pg_promote()</c> after giving it <c>synchronous_standby_names = 'ANY 1 (the others)'</c>,
    /// repoints the other standbys at it, bumps the epoch and waits (bounded) until they stream from it. Resumed by the next
    /// <see cref="StartAsync"/> when interrupted.
    /// </summary>
    public Task<ReplicationGroupStatus> PromoteAsync(string? target = null, CancellationToken cancellationToken = default) =>
        PromoteAsync(target, [], cancellationToken);

    /// <summary>
    /// As <see cref="PromoteAsync(string?, CancellationToken)"/>; when <paramref name="target"/> is null the standby is chosen
    /// among those reaching furthest and not in <paramref name="unhealthy"/> (registered members carry no weights: name order).
    /// </summary>
    public async Task<ReplicationGroupStatus> PromoteAsync(string? target, IReadOnlyCollection<string> unhealthy, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var layout = Layout;
            if (layout.Pending is not { Kind: PendingOperation.Promote })
            {
                if (target is not null && (!layout.Members.Any(m => m.Name == target) || layout[target].Role != MemberRole.Standby))
                {
                    throw new DynamicDbException(ErrorCodes.RequestInvalid,
                        $"'{target}' is not a standby of replication group {Name}; choose one of {string.Join(", ", layout.Standbys.Select(s => s.Name))}.");
                }

                Save(layout.WithRole(layout.Primary, MemberRole.Fenced) with
                {
                    Pending = new PendingOperation(PendingOperation.Promote, target ?? "", layout.Epoch + 1, _time.GetUtcNow(),
                        $"promote {target ?? "the standby reaching furthest"} in place of the fenced {layout.Primary} (epoch {layout.Epoch} to {layout.Epoch + 1})"),
                });
                RegisteredGroupLog.FenceDecided(_logger, Name, layout.Primary, target ?? "the standby reaching furthest");
            }

            await PromoteCoreAsync(target, cancellationToken, unhealthy).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        return await GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The promotion's steps, each idempotent, so a resumed promotion redoes what may not have happened.</summary>
    private async Task PromoteCoreAsync(string? target, CancellationToken cancellationToken, IReadOnlyCollection<string>? unhealthy = null)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = Layout.Pending!;
        string previous;
        long reach = 0;
        if (Layout[Layout.Primary].Role == MemberRole.Fenced)
        {
            previous = Layout.Primary;
            Fence(previous);
            var positions = new List<StandbyPosition>();
            string? promoted = null;
            foreach (var standby in Layout.Standbys.ToList())
            {
                await DetachAsync(standby.Name, cancellationToken).ConfigureAwait(false);
                var (position, inRecovery) = await ReadPositionAsync(standby.Name, cancellationToken).ConfigureAwait(false);
                positions.Add(position);
                promoted = inRecovery == false ? standby.Name : promoted; // promoted already (before a crash, or by an operator)
            }

            var chosen = promoted ?? FailoverCandidates.Choose(positions, target == "" ? null : target, unhealthy: unhealthy);
            reach = positions.First(p => p.Name == chosen).Reach;
            Save((Layout with
            {
                Primary = chosen,
                Epoch = pending.Epoch,
                Pending = pending with { Member = chosen, Description = $"promote {chosen} in place of the fenced {previous} (epoch {pending.Epoch})" },
            }).WithRole(chosen, MemberRole.Primary));
        }
        else
        {
            previous = Layout.Members.FirstOrDefault(m => m.Role == MemberRole.Fenced)?.Name ?? "?";
        }

        var primary = Layout.Primary;
        await PromoteMemberAsync(primary, cancellationToken).ConfigureAwait(false);
        var others = Layout.Standbys.Select(s => s.Name).ToList();
        foreach (var standby in others)
        {
            await RepointAsync(standby, primary, cancellationToken).ConfigureAwait(false);
        }

        Save(Layout with { Pending = null });
        var late = await WaitForStreamingAsync(primary, others, _replicationTimeout, throwOnTimeout: false, cancellationToken).ConfigureAwait(false);
        foreach (var standby in late)
        {
            RegisteredGroupLog.StandbyNotStreaming(_logger, standby, Name, primary, _replicationTimeout.TotalMilliseconds);
        }

        RegisteredGroupLog.Promoted(_logger, Name, primary, previous, Layout.Epoch, reach, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
    }

    /// <summary>
    /// Best effort, never waited on: the fenced member, if it still answers (within the command timeout), stops taking
    /// writes (<c>default_transaction_read_only</c>) and loses its client sessions. Safety does not depend on it: the
    /// member is fenced in the layout already, and its standbys are detached next, so it can get no commit acknowledged.
    /// A hung (SIGSTOPped) server costs the promotion nothing.
    /// </summary>
    private void Fence(string member)
    {
        var connectionString = ConnectionString(member);
        _ = Task.Run(async () =>
        {
            var failure = await RegisteredSql.TryExecuteAsync(connectionString, CancellationToken.None,
                "ALTER SYSTEM SET default_transaction_read_only = on",
                "SELECT pg_reload_conf()",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()").ConfigureAwait(false);
            if (failure is not null)
            {
                RegisteredGroupLog.FenceUnanswered(_logger, member, Name, _commandTimeout.TotalMilliseconds, failure);
            }
        });
    }

    /// <summary>Stops a standby's WAL receiver (<c>primary_conninfo = ''</c>), keeping its conninfo in the layout to repoint it later.</summary>
    private async Task DetachAsync(string standby, CancellationToken cancellationToken)
    {
        var (conninfo, failure) = await RegisteredSql.TryScalarAsync<string>(ConnectionString(standby), "SHOW primary_conninfo", cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return; // silent: the choice below refuses to promote while it may hold the latest commits
        }

        if (!string.IsNullOrEmpty(conninfo) && conninfo != Layout[standby].Conninfo)
        {
            Save(Layout.With(standby, m => m with { Conninfo = conninfo }));
        }

        await RegisteredSql.TryExecuteAsync(ConnectionString(standby), cancellationToken,
            "ALTER SYSTEM SET primary_conninfo = ''", "SELECT pg_reload_conf()").ConfigureAwait(false);
    }

    private async Task<(StandbyPosition Position, bool? InRecovery)> ReadPositionAsync(string standby, CancellationToken cancellationToken)
    {
        try
        {
            var connection = new NpgsqlConnection(ConnectionString(standby));
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var command = new NpgsqlCommand(
                    $"SELECT pg_is_in_recovery(), {MemberSql.Bytes("pg_last_wal_receive_lsn()")}, {MemberSql.Bytes("pg_last_wal_replay_lsn()")}, {MemberSql.Bytes("CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() END")}",
                    connection);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        long? flushed = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                        long? replayed = reader.IsDBNull(2) ? (reader.IsDBNull(3) ? null : reader.GetInt64(3)) : reader.GetInt64(2);
                        return (new StandbyPosition(standby, flushed, replayed), reader.GetBoolean(0));
                    }
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return (new StandbyPosition(standby, null, null), null);
        }
    }
}
