using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>The SQL of a promotion: the new primary's settings, <c>pg_promote()</c>, the standbys repointed.</summary>
public sealed partial class RegisteredReplicationGroup
{
    /// <summary>
    /// Gives <paramref name="member"/> its synchronous standbys (from its first commit on it waits for one) and takes back
    /// a fence it may carry from an earlier epoch, then promotes it with <c>pg_promote(true, N)</c> unless it already left recovery.
    /// </summary>
    private async Task PromoteMemberAsync(string member, CancellationToken cancellationToken)
    {
        var names = Layout.SynchronousStandbyNames();
        await MemberSql.ExecuteAsync(ConnectionString(member), cancellationToken,
            "ALTER SYSTEM SET synchronous_standby_names = " + MemberSql.Literal(names),
            "ALTER SYSTEM SET synchronous_commit = 'on'",
            "ALTER SYSTEM RESET default_transaction_read_only",
            "SELECT pg_reload_conf()").ConfigureAwait(false);
        if (await MemberSql.ScalarAsync<bool>(ConnectionString(member), "SELECT pg_is_in_recovery()", cancellationToken).ConfigureAwait(false))
        {
            var seconds = (int)Math.Ceiling(_startTimeout.TotalSeconds);
            var promoting = new NpgsqlConnectionStringBuilder(ConnectionString(member)) { CommandTimeout = seconds + 5 }.ConnectionString;
            if (!await MemberSql.ScalarAsync<bool>(promoting, $"SELECT pg_promote(true, {seconds})", cancellationToken).ConfigureAwait(false))
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Standby {member} of registered group {Name} did not finish its promotion (pg_promote) within {seconds} s; see its server log.", isTransient: true);
            }
        }

        await PollAsync(async () => await SettingAsync(member, "synchronous_standby_names", cancellationToken).ConfigureAwait(false) == names,
            $"the new primary {member} did not take synchronous_standby_names = '{names}'", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Points <paramref name="standby"/> at <paramref name="primary"/>: its recorded <c>primary_conninfo</c> with the new
    /// primary's host and port (and its own name as <c>application_name</c>), its replication slot created on the new primary
    /// when it uses one, then <c>ALTER SYSTEM SET primary_conninfo</c> + <c>pg_reload_conf()</c> (PostgreSQL 13+ applies it
    /// without a restart). A standby that cannot be repointed is logged and left to its operator (it shows as not streaming).
    /// </summary>
    private async Task RepointAsync(string standby, string primary, CancellationToken cancellationToken)
    {
        var host = Host(primary);
        var port = _servers[primary].Port;
        try
        {
            var template = Layout[standby].Conninfo;
            if (string.IsNullOrEmpty(template))
            {
                throw new DynamicDbException(ErrorCodes.EngineFailoverUnsafe, "its primary_conninfo was never seen (it was not streaming when the silo looked)");
            }

            var pairs = Conninfo.Parse(Conninfo.WithServer(template, host, port)).Where(p => p.Key != "application_name").Append(new("application_name", standby));
            var conninfo = Conninfo.Format(pairs);
            var (slot, _) = await RegisteredSql.TryScalarAsync<string>(ConnectionString(standby), "SHOW primary_slot_name", cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(slot))
            {
                await MemberSql.ScalarAsync<string>(ConnectionString(primary),
                    "SELECT (pg_create_physical_replication_slot($1::name, true)).slot_name::text WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1::name)",
                    cancellationToken, slot).ConfigureAwait(false);
            }

            await MemberSql.ExecuteAsync(ConnectionString(standby), cancellationToken,
                "ALTER SYSTEM SET primary_conninfo = " + MemberSql.Literal(conninfo),
                "SELECT pg_reload_conf()").ConfigureAwait(false);
            Save(Layout.With(standby, m => m with { Conninfo = conninfo }));
            RegisteredGroupLog.Repointed(_logger, standby, Name, primary, host, port);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or DynamicDbException)
        {
            RegisteredGroupLog.RepointFailed(_logger, standby, Name, primary, e.Message);
        }
    }

    private async Task PollAsync(Func<Task<bool>> condition, string failure, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _replicationTimeout;
        while (!await condition().ConfigureAwait(false))
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable, $"Within {_replicationTimeout.TotalSeconds} s, {failure}.", isTransient: true);
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}
