using System.Diagnostics;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>A planned switchover: a healthy primary hands over to a caught-up standby, losing nothing and failing nothing.</summary>
public sealed partial class ReplicationGroup
{
    private static readonly TimeSpan SwitchoverPoll = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The cascading standbys' <c>wal_retrieve_retry_interval</c> during a switchover: when the target's promotion ends
    /// their stream of the old timeline, they restart it on the new one after this, not after the group's 1 s.
    /// </summary>
    private const string QuickRetry = "10ms";

    /// <summary>
    /// Switches the primary over to <paramref name="target"/> while the primary is healthy. Before anything is held, the
    /// target gets its synchronous standbys and the other standbys cascade from it (so they keep streaming, with no
    /// reconnection, once it is promoted). Then <paramref name="hold"/> runs (the engine holds new statements and lets those
    /// in flight finish); the primary's current WAL position is read and the target must replay it within
    /// <paramref name="catchUpBound"/>, else the switchover is aborted (<c>engine.failover_unsafe</c>; the other standbys
    /// are pointed back, the primary keeps serving, nothing changed). Then the layout is persisted (the former primary
    /// fenced, as <see cref="PromoteAsync(string?, CancellationToken)"/> does), the former primary killed (it holds nothing the target lacks), the target
    /// promoted without waiting in <c>pg_promote</c>'s 100 ms steps, and the epoch goes up. Anything failing after the
    /// fence is finished by the emergency promotion's steps.
    /// </summary>
    public async Task<SwitchoverTimings> SwitchOverAsync(string target, TimeSpan catchUpBound, Func<CancellationToken, Task> hold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var layout = Layout;
            if (layout.Pending is not null || layout[layout.Primary].Role != MemberRole.Primary
                || !layout.Members.Any(m => m.Name == target) || layout[target].Role != MemberRole.Standby)
            {
                throw new DynamicDbException(ErrorCodes.RequestInvalid,
                    $"Replication group {Name} cannot switch over to '{target}': it must be a standby of a group at rest (standbys: {string.Join(", ", layout.Standbys.Select(s => s.Name))}).");
            }

            var started = Stopwatch.GetTimestamp();
            var previous = layout.Primary;
            var others = layout.Standbys.Select(s => s.Name).Where(s => s != target).ToList();
            foreach (var member in layout.Standbys)
            {
                await StartMemberAsync(member, cancellationToken).ConfigureAwait(false); // a standby that is down is started (as a promotion does)
            }

            var next = (layout with { Primary = target }).SynchronousStandbyNames();
            await MemberSql.ExecuteAsync(ConnectionString(target), cancellationToken,
                "ALTER SYSTEM SET synchronous_standby_names = " + MemberSql.Literal(next),
                "ALTER SYSTEM SET synchronous_commit = 'on'",
                "SELECT pg_reload_conf()").ConfigureAwait(false);
            var fenced = false;
            try
            {
                await RepointAsync(others, target, cancellationToken, QuickRetry).ConfigureAwait(false);
                await WaitForCascadeAsync(target, next, others, cancellationToken).ConfigureAwait(false);

                var primary = new NpgsqlConnection(ConnectionString(previous));
                var standby = new NpgsqlConnection(ConnectionString(target));
                await using (primary.ConfigureAwait(false))
                await using (standby.ConfigureAwait(false))
                {
                    await primary.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await standby.OpenAsync(cancellationToken).ConfigureAwait(false);
                    var prepareMs = Elapsed(started);

                    var holding = Stopwatch.GetTimestamp();
                    await hold(cancellationToken).ConfigureAwait(false);
                    var drainMs = Elapsed(holding);

                    var step = Stopwatch.GetTimestamp();
                    var lsn = await ScalarAsync<long>(primary, $"SELECT {MemberSql.Bytes("pg_current_wal_lsn()")}", cancellationToken).ConfigureAwait(false);
                    if (!await PollAsync(standby, $"SELECT {MemberSql.Bytes("pg_last_wal_replay_lsn()")} >= {lsn}", catchUpBound, cancellationToken).ConfigureAwait(false))
                    {
                        throw new DynamicDbException(ErrorCodes.EngineFailoverUnsafe,
                            $"Switchover of replication group {Name} to {target} aborted: it did not replay the primary's WAL position {lsn} within {catchUpBound.TotalMilliseconds} ms (the engine's Switchover:CatchUpTimeout); {previous} stays the primary.");
                    }

                    var catchUpMs = Elapsed(step);
                    step = Stopwatch.GetTimestamp();
                    var pending = new PendingOperation(PendingOperation.Promote, target, layout.Epoch + 1, _time.GetUtcNow(),
                        $"switch over from {previous} to {target} (epoch {layout.Epoch} to {layout.Epoch + 1})");
                    // Fenced in the layout first: from here on nothing is routed to the former primary, whatever happens.
                    fenced = true;
                    Save(layout.WithRole(previous, MemberRole.Fenced) with { Pending = pending });
                    var fenceMs = Elapsed(step);
                    try
                    {
                        // Promoted while the former primary still runs (nothing reaches it: statements are held, it is fenced in
                        // the layout, and the target has replayed all it wrote): the target's WAL receiver is still connected, so
                        // the promotion does not wait out wal_retrieve_retry_interval after a lost upstream. Killed right after.
                        step = Stopwatch.GetTimestamp();
                        await ScalarAsync<bool>(standby, "SELECT pg_promote(false)", cancellationToken).ConfigureAwait(false);
                        var promoted = await PollAsync(standby, "SELECT NOT pg_is_in_recovery()", _options.StartTimeout, cancellationToken).ConfigureAwait(false);
                        var promoteMs = Elapsed(step);
                        step = Stopwatch.GetTimestamp();
                        await MemberProcesses.KillAllAsync(MemberDirectory(previous), _options.StartTimeout, cancellationToken, SwitchoverPoll).ConfigureAwait(false);
                        _started.Remove(previous);
                        fenceMs = Math.Round(fenceMs + Elapsed(step), 1);
                        if (!promoted)
                        {
                            throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                                $"Standby {target} of replication group {Name} did not finish its promotion within {_options.StartTimeout.TotalSeconds} s; see {LogFile(target)}.", isTransient: true);
                        }

                        step = Stopwatch.GetTimestamp();
                        var end = await ScalarAsync<long>(standby, $"SELECT {MemberSql.Bytes("pg_current_wal_lsn()")}", cancellationToken).ConfigureAwait(false);
                        var acknowledged = others.Count == 0 || await PollAsync(standby,
                            $"SELECT EXISTS (SELECT FROM pg_stat_replication WHERE state = 'streaming' AND sync_state = 'quorum' AND {MemberSql.Bytes("flush_lsn")} >= {end})",
                            _options.ReplicationTimeout, cancellationToken).ConfigureAwait(false);
                        var syncMs = Elapsed(step);
                        var nextTxid = await ScalarAsync<long>(standby, "SELECT txid_snapshot_xmax(txid_current_snapshot())", cancellationToken).ConfigureAwait(false);
                        Save((Layout with { Primary = target, Epoch = pending.Epoch, Pending = null }).WithRole(target, MemberRole.Primary));
                        await ResetRetryAsync(others, cancellationToken).ConfigureAwait(false);
                        var timings = new SwitchoverTimings(target, previous, pending.Epoch, prepareMs, drainMs, catchUpMs, fenceMs, promoteMs, syncMs, Elapsed(holding)) { NextTxid = nextTxid };
                        ReplicationGroupLog.SwitchedOver(_logger, Name, target, previous, pending.Epoch, acknowledged, timings.HeldMs, drainMs, catchUpMs, fenceMs, promoteMs, syncMs);
                        return timings;
                    }
                    catch (Exception e) when (e is not OperationCanceledException && Layout.Pending is not null)
                    {
                        // The former primary is fenced (or being fenced): finish as an emergency promotion does.
                        ReplicationGroupLog.PendingResumed(_logger, Name, Layout.Pending.Description + $" after: {e.Message}");
                        await PromoteCoreAsync(target, cancellationToken).ConfigureAwait(false);
                        throw;
                    }
                }
            }
            catch (Exception) when (!fenced)
            {
                // Aborted before the fence: the other standbys stream from the primary again, which keeps serving.
                await RepointBackAsync(others, previous).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Points <paramref name="standbys"/> at <paramref name="upstream"/> (its slot for each is created first; a standby may
    /// hold slots), with <c>wal_retrieve_retry_interval</c> set to <paramref name="retry"/> or, when null, back to the
    /// group's 1 s.
    /// </summary>
    private async Task RepointAsync(IReadOnlyList<string> standbys, string upstream, CancellationToken cancellationToken, string? retry = null)
    {
        foreach (var standby in standbys)
        {
            await EnsureSlotAsync(upstream, standby, cancellationToken).ConfigureAwait(false);
            await MemberSql.ExecuteAsync(ConnectionString(standby), cancellationToken,
                "ALTER SYSTEM SET primary_conninfo = " + MemberSql.Literal(ReplicationConninfo(upstream, standby)),
                "ALTER SYSTEM SET primary_slot_name = " + MemberSql.Literal(standby),
                retry is null ? "ALTER SYSTEM RESET wal_retrieve_retry_interval" : "ALTER SYSTEM SET wal_retrieve_retry_interval = " + MemberSql.Literal(retry),
                "SELECT pg_reload_conf()").ConfigureAwait(false);
            ReplicationGroupLog.StandbyRepointed(_logger, standby, Name, upstream);
        }
    }

    /// <summary>Points the other standbys back at the primary after an aborted switchover; one that cannot be asked is logged and left (it is down).</summary>
    private async Task RepointBackAsync(IReadOnlyList<string> standbys, string primary)
    {
        try
        {
            await RepointAsync(standbys, primary, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or DynamicDbException or TimeoutException)
        {
            ReplicationGroupLog.RepointBackFailed(_logger, e, Name, string.Join(", ", standbys), primary);
        }
    }

    /// <summary>Puts the standbys' <c>wal_retrieve_retry_interval</c> back to the group's (they stream already: no restart).</summary>
    private async Task ResetRetryAsync(IReadOnlyList<string> standbys, CancellationToken cancellationToken)
    {
        foreach (var standby in standbys)
        {
            await MemberSql.ExecuteAsync(ConnectionString(standby), cancellationToken,
                "ALTER SYSTEM RESET wal_retrieve_retry_interval", "SELECT pg_reload_conf()").ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the target uses its new synchronous standby names and every other standby streams from it.</summary>
    private Task WaitForCascadeAsync(string target, string names, IReadOnlyList<string> others, CancellationToken cancellationToken) =>
        PollAsync(
            async () =>
            {
                var connectionString = ConnectionString(target);
                if (await MemberSql.ScalarAsync<string>(connectionString, "SELECT current_setting('synchronous_standby_names')", cancellationToken).ConfigureAwait(false) != names)
                {
                    return false;
                }

                // Not MemberSql.ReplicationAsync: the target is in recovery, where pg_current_wal_lsn() is refused.
                var streaming = await MemberSql.ScalarAsync<long>(connectionString,
                    "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND application_name = ANY($1)", cancellationToken, new object[] { others.ToArray() }).ConfigureAwait(false);
                return streaming == others.Count;
            },
            () => $"standbys {string.Join(", ", others)} of replication group {Name} do not stream from {target} (cascading) before a switchover",
            _options.ReplicationTimeout, cancellationToken);

    /// <summary>Polls a boolean query on one open connection every millisecond until it holds (true) or the bound passes (false).</summary>
    private static async Task<bool> PollAsync(NpgsqlConnection connection, string sql, TimeSpan bound, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await ScalarAsync<bool>(connection, sql, cancellationToken).ConfigureAwait(false))
        {
            if (Stopwatch.GetElapsedTime(started) > bound)
            {
                return false;
            }

            await Task.Delay(SwitchoverPoll, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }
}
