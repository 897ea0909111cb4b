using System.Diagnostics;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>What the group's grain does to its members over SQL, wherever they run.</summary>
internal sealed partial class ReplicationGroupGrain
{
    /// <summary>Creates the physical slot <paramref name="slot"/> on <paramref name="primary"/>, reserving WAL now, unless it exists.</summary>
    private Task EnsureSlotAsync(string primary, string slot) =>
        MemberSql.ScalarAsync<object>(ConnectionString(primary),
            "SELECT pg_create_physical_replication_slot($1, true) WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = $1)",
            CancellationToken.None, slot);

    /// <summary>Gives <paramref name="primary"/> its synchronous standbys (ANY 1 of every other member) and waits until it uses them.</summary>
    private async Task SetSynchronousStandbysAsync(string primary)
    {
        var names = Layout.SynchronousStandbyNames();
        var connectionString = ConnectionString(primary);
        await MemberSql.ExecuteAsync(connectionString, CancellationToken.None,
            "ALTER SYSTEM SET synchronous_standby_names = " + MemberSql.Literal(names),
            "ALTER SYSTEM SET synchronous_commit = 'on'",
            "SELECT pg_reload_conf()");
        await PollAsync(
            async () => await MemberSql.ScalarAsync<string>(connectionString, "SELECT current_setting('synchronous_standby_names')", CancellationToken.None) == names,
            () => $"member {primary} of replication group {Name} did not take synchronous_standby_names = '{names}'",
            CommandTimeout);
    }

    /// <summary>
    /// Makes <paramref name="standby"/> stream from <paramref name="primary"/> through its own slot: primary_conninfo names
    /// the primary's host and port; the standby's WAL receiver takes the password from its postmaster's environment
    /// (<c>PGPASSWORD</c>, see <see cref="HaTools"/>).
    /// </summary>
    private async Task RepointAsync(string standby, string primary)
    {
        await EnsureSlotAsync(primary, standby);
        var connectionString = ConnectionString(standby);
        var target = Layout[primary];
        var conninfo = FormattableString.Invariant(
            $"host={target.Host} port={target.Port} user={ReplicationGroup.ReplicationUser} application_name={standby}");
        await MemberSql.ExecuteAsync(connectionString, CancellationToken.None,
            "ALTER SYSTEM SET primary_conninfo = " + MemberSql.Literal(conninfo),
            "ALTER SYSTEM SET primary_slot_name = " + MemberSql.Literal(standby),
            "SELECT pg_reload_conf()");
    }

    /// <summary>Waits until every named standby streams from the primary and counts as synchronous (sync_state 'quorum').</summary>
    private async Task WaitForStandbysAsync(IReadOnlyList<string> standbys)
    {
        if (standbys.Count == 0)
        {
            return;
        }

        IReadOnlyDictionary<string, (string State, string SyncState, long? LagBytes)> seen = new Dictionary<string, (string, string, long?)>();
        var primary = Layout.Primary;
        await PollAsync(
            async () =>
            {
                seen = await MemberSql.ReplicationAsync(ConnectionString(primary), CancellationToken.None);
                return standbys.All(s => seen.TryGetValue(s, out var row) && row is { State: "streaming", SyncState: "quorum" });
            },
            () => $"standbys {string.Join(", ", standbys)} of replication group {Name} do not all stream synchronously from {primary} (seen: "
                + string.Join("; ", standbys.Select(s => seen.TryGetValue(s, out var row) ? $"{s} {row.State}/{row.SyncState}" : $"{s} not connected")) + ")",
            ReplicationTimeout);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, or throws engine.unavailable at the deadline.</summary>
    private static async Task PollAsync(Func<Task<bool>> condition, Func<string> failure, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                last = e;
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Within {timeout.TotalSeconds} s, {failure()}{(last is null ? "" : ": " + last.Message)}.", isTransient: true, last);
            }

            await Task.Delay(50);
        }
    }

    private static async Task<T?> Quietly<T>(Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or DynamicDbException)
        {
            return default;
        }
    }

    private static async Task Quietly(Func<Task> action) => await Quietly(async () =>
    {
        await action();
        return true;
    });
}
