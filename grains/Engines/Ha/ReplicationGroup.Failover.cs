using System.Diagnostics;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Promoting a standby in place of the primary.</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>
    /// Fails over: fences the primary (stopped at once if it still runs; never started or routed to until
    /// <see cref="RebuildAsync"/>), promotes <paramref name="target"/> — or, when null, the standby whose WAL reaches
    /// furthest, which holds every acknowledged commit (see <see cref="FailoverCandidates"/>) — repoints the other standbys
    /// to it, makes them its synchronous standbys, bumps the epoch and waits until they stream from it. The layout is
    /// written before each step, so an interrupted promotion is resumed by the next <see cref="StartAsync"/>.
    /// </summary>
    /// <returns>The group's status after the promotion.</returns>
    public Task<ReplicationGroupStatus> PromoteAsync(string? target = null, CancellationToken cancellationToken = default) =>
        PromoteAsync(target, [], cancellationToken);

    /// <summary>
    /// As <see cref="PromoteAsync(string?, CancellationToken)"/>; when <paramref name="target"/> is null the standby is chosen
    /// among those whose WAL reaches furthest, healthy ones (not in <paramref name="unhealthy"/>) first, then by weight
    /// (<see cref="MemberWeights"/>): see <see cref="FailoverCandidates"/>.
    /// </summary>
    public async Task<ReplicationGroupStatus> PromoteAsync(string? target, IReadOnlyCollection<string> unhealthy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unhealthy);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var layout = Layout;
            if (target is not null && (!layout.Members.Any(m => m.Name == target) || layout[target].Role != MemberRole.Standby))
            {
                throw new DynamicDbException(ErrorCodes.RequestInvalid,
                    $"'{target}' is not a standby of replication group {Name}; choose one of {string.Join(", ", layout.Standbys.Select(s => s.Name))}.");
            }

            Save(layout.WithRole(layout.Primary, MemberRole.Fenced) with
            {
                Pending = new PendingOperation(PendingOperation.Promote, target ?? "", layout.Epoch + 1, _time.GetUtcNow(),
                    $"promote {target ?? "the standby reaching furthest"} in place of {layout.Primary} (epoch {layout.Epoch} to {layout.Epoch + 1})"),
            });
            await PromoteCoreAsync(target, cancellationToken, unhealthy).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        return await GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The promotion's steps; each one is idempotent, so a resumed promotion redoes what may not have happened.</summary>
    private async Task PromoteCoreAsync(string? target, CancellationToken cancellationToken, IReadOnlyCollection<string>? unhealthy = null)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = Layout.Pending!;
        string chosen;
        string previous;
        long reach = 0;
        if (Layout[Layout.Primary].Role == MemberRole.Fenced)
        {
            previous = Layout.Primary;
            await FenceAsync(previous, cancellationToken).ConfigureAwait(false);
            var positions = new List<StandbyPosition>();
            string? promoted = null;
            foreach (var standby in Layout.Standbys)
            {
                var (position, inRecovery) = await ReadPositionAsync(standby, cancellationToken).ConfigureAwait(false);
                positions.Add(position);
                promoted = inRecovery == false ? standby.Name : promoted; // promoted already (by an operator, or before a crash)
            }

            chosen = promoted ?? FailoverCandidates.Choose(positions, target, name => MemberWeights.Of(_options, Layout[name]), unhealthy);
            reach = positions.First(p => p.Name == chosen).Reach;
            // The epoch goes up with the change of primary: whoever routes by epoch never pairs the new one with the old primary.
            Save((Layout with
            {
                Primary = chosen,
                Epoch = pending.Epoch,
                Pending = pending with { Member = chosen, Description = $"promote {chosen} in place of {previous} (epoch {pending.Epoch})" },
            }).WithRole(chosen, MemberRole.Primary));
        }
        else
        {
            // Resumed after the choice was recorded: the recorded primary is the one being promoted.
            chosen = Layout.Primary;
            previous = Layout.Members.FirstOrDefault(m => m.Role == MemberRole.Fenced)?.Name ?? "?";
            await StartMemberAsync(Layout[chosen], cancellationToken).ConfigureAwait(false);
        }

        // Before the promotion: from its first commit on, the new primary waits for a synchronous standby.
        await SetSynchronousStandbysAsync(chosen, Layout.SynchronousStandbyNames(), cancellationToken).ConfigureAwait(false);
        if (await MemberSql.ScalarAsync<bool>(ConnectionString(chosen), "SELECT pg_is_in_recovery()", cancellationToken).ConfigureAwait(false))
        {
            var seconds = (int)Math.Ceiling(_options.StartTimeout.TotalSeconds);
            var promoting = new NpgsqlConnectionStringBuilder(ConnectionString(chosen)) { CommandTimeout = seconds + 5 }.ConnectionString;
            var done = await MemberSql.ScalarAsync<bool>(promoting, $"SELECT pg_promote(true, {seconds})", cancellationToken).ConfigureAwait(false);
            if (!done)
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Standby {chosen} of replication group {Name} did not finish its promotion within {_options.StartTimeout.TotalSeconds} s; see {LogFile(chosen)}.", isTransient: true);
            }
        }

        var others = Layout.Standbys.Select(s => s.Name).ToList();
        foreach (var standby in others)
        {
            await EnsureSlotAsync(chosen, standby, cancellationToken).ConfigureAwait(false);
            await MemberSql.ExecuteAsync(ConnectionString(standby), cancellationToken,
                "ALTER SYSTEM SET primary_conninfo = " + MemberSql.Literal(ReplicationConninfo(chosen, standby)),
                "ALTER SYSTEM SET primary_slot_name = " + MemberSql.Literal(standby),
                "SELECT pg_reload_conf()").ConfigureAwait(false);
            ReplicationGroupLog.StandbyRepointed(_logger, standby, Name, chosen);
        }

        await WaitForStandbysAsync(others, cancellationToken).ConfigureAwait(false);
        Save(Layout with { Pending = null });
        ReplicationGroupLog.Promoted(_logger, Name, chosen, previous, Layout.Epoch, reach, Elapsed(started));
    }

    /// <summary>
    /// A standby's flushed and replayed WAL positions and whether it is still in recovery; a stopped standby is started
    /// first (it may hold the latest acknowledged commits). Nulls when it cannot be asked.
    /// </summary>
    private async Task<(StandbyPosition Position, bool? InRecovery)> ReadPositionAsync(GroupMember standby, CancellationToken cancellationToken)
    {
        try
        {
            await StartMemberAsync(standby, cancellationToken).ConfigureAwait(false);
            var connection = new NpgsqlConnection(ConnectionString(standby.Name));
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
                        var inRecovery = reader.GetBoolean(0);
                        long? flushed = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                        long? replayed = reader.IsDBNull(2) ? (reader.IsDBNull(3) ? null : reader.GetInt64(3)) : reader.GetInt64(2);
                        return (new StandbyPosition(standby.Name, flushed, replayed), inRecovery);
                    }
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or DynamicDbException or TimeoutException)
        {
            return (new StandbyPosition(standby.Name, null, null), null);
        }
    }
}
