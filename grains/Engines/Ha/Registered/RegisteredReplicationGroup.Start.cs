using System.Diagnostics;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>Connecting to the servers: the primary found, synchronous commits required, the layout kept.</summary>
public sealed partial class RegisteredReplicationGroup
{
    /// <summary>
    /// Reads the layout (fenced members stay fenced), resumes an interrupted promotion, finds the one primary among the
    /// members that are not fenced, refuses to start when its commits are not synchronous (<c>synchronous_standby_names</c>
    /// empty, <c>synchronous_commit</c> off or local) or a standby does not stream from it, and records the standbys'
    /// <c>primary_conninfo</c> (the template for repointing them). Fails with <c>engine.start_failed</c> naming the servers.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _layout = ReadLayout();
            if (_layout.Pending is { Kind: PendingOperation.Promote } pending)
            {
                RegisteredGroupLog.PendingResumed(_logger, Name, pending.Description);
                await PromoteCoreAsync(pending.Member == "" ? null : pending.Member, cancellationToken).ConfigureAwait(false);
            }

            var primary = await FindPrimaryAsync(cancellationToken).ConfigureAwait(false);
            if (primary != Layout.Primary)
            {
                var epoch = Layout.Primary == "" ? 1 : Layout.Epoch + 1;
                if (Layout.Primary != "")
                {
                    RegisteredGroupLog.PrimaryChanged(_logger, Name, primary, Layout.Primary, epoch);
                }

                var changed = Layout with { Primary = primary, Epoch = epoch };
                if (Layout.Primary != "" && Layout[Layout.Primary].Role == MemberRole.Primary)
                {
                    changed = changed.WithRole(Layout.Primary, MemberRole.Standby); // an operator switched over: the old primary follows now
                }

                Save(changed.WithRole(primary, MemberRole.Primary));
            }

            await RequireSynchronousCommitsAsync(primary, cancellationToken).ConfigureAwait(false);
            var standbys = Layout.Members.Where(m => m.Role != MemberRole.Fenced && m.Name != primary).Select(m => m.Name).ToList();
            await WaitForStreamingAsync(primary, standbys, _replicationTimeout, throwOnTimeout: true, cancellationToken).ConfigureAwait(false);
            var layout = Layout;
            foreach (var standby in standbys)
            {
                var (conninfo, _) = await RegisteredSql.TryScalarAsync<string>(ConnectionString(standby), "SHOW primary_conninfo", cancellationToken).ConfigureAwait(false);
                layout = layout.With(standby, m => m with { Role = MemberRole.Standby, Conninfo = string.IsNullOrEmpty(conninfo) ? m.Conninfo : conninfo });
            }

            Save(layout with { Pending = null });
            _started = true;
            await DetectRejoinedAsync(cancellationToken).ConfigureAwait(false);
            RegisteredGroupLog.Started(_logger, Name, Layout.Epoch, primary, await SettingAsync(primary, "synchronous_standby_names", cancellationToken).ConfigureAwait(false),
                string.Join(", ", standbys), string.Join(", ", Layout.Members.Where(m => m.Role == MemberRole.Fenced).Select(m => m.Name).DefaultIfEmpty("none")));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The layout on disk, checked against the configured members; a fresh one (epoch 0, primary unknown) the first time.</summary>
    private RegisteredLayout ReadLayout()
    {
        var stored = LayoutFile.Read<RegisteredLayout>(_stateDirectory, "registered group layout", "which members are fenced");
        if (stored is null)
        {
            return new RegisteredLayout { Name = Name, Epoch = 0, Primary = "", Members = _names.Select(n => new RegisteredMemberState(n, MemberRole.Standby)).ToList() };
        }

        var file = Path.Combine(_stateDirectory, LayoutFile.FileName);
        var recorded = RegisteredLayoutSecrets.Unprotect(stored, _secrets, file, out var plaintext);
        if (plaintext)
        {
            // An earlier version wrote a primary_conninfo password in clear: written again, encrypted.
            LayoutFile.Write(_stateDirectory, RegisteredLayoutSecrets.Protect(recorded, _secrets));
            Secrets.SecretLog.LayoutMigrated(_logger, file, _secrets.KeyRing);
        }

        if (!recorded.Members.Select(m => m.Name).Order(StringComparer.Ordinal).SequenceEqual(_names.Order(StringComparer.Ordinal)))
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"The layout '{Path.Combine(_stateDirectory, LayoutFile.FileName)}' records members {string.Join(", ", recorded.Members.Select(m => m.Name))}, but Members configures {string.Join(", ", _names)}; " +
                "changing the members of a registered group is not supported. Restore the settings, or remove the file once no member that was fenced can take writes.");
        }

        return recorded;
    }

    /// <summary>The one member (not fenced) that is not in recovery; otherwise a start failure listing what each server is.</summary>
    private async Task<string> FindPrimaryAsync(CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        var primaries = new List<string>();
        foreach (var member in Layout.Members)
        {
            if (member.Role == MemberRole.Fenced)
            {
                seen.Add($"{member.Name} ({Host(member.Name)}:{_servers[member.Name].Port}): fenced, never routed to until it streams from the primary again");
                continue;
            }

            var (inRecovery, failure) = await RegisteredSql.TryScalarAsync<bool>(ConnectionString(member.Name), "SELECT pg_is_in_recovery()", cancellationToken).ConfigureAwait(false);
            var state = failure is not null ? $"does not answer ({failure})" : inRecovery ? "a standby (in recovery)" : "a primary";
            seen.Add($"{member.Name} ({Host(member.Name)}:{_servers[member.Name].Port}): {state}");
            if (failure is null && !inRecovery)
            {
                primaries.Add(member.Name);
            }
        }

        return primaries.Count == 1
            ? primaries[0]
            : throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Registered replication group '{Name}' needs exactly one primary among its members, but {(primaries.Count == 0 ? "none is" : $"{primaries.Count} are ({string.Join(", ", primaries)})")}: {string.Join("; ", seen)}.");
    }

    /// <summary>Refuses a primary whose commits would not wait for a standby: never run a registered group asynchronously.</summary>
    private async Task RequireSynchronousCommitsAsync(string primary, CancellationToken cancellationToken)
    {
        var names = await SettingAsync(primary, "synchronous_standby_names", cancellationToken).ConfigureAwait(false);
        var commit = await SettingAsync(primary, "synchronous_commit", cancellationToken).ConfigureAwait(false);
        var others = string.Join(", ", Layout.Members.Where(m => m.Name != primary).Select(m => m.Name));
        if (string.IsNullOrWhiteSpace(names))
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Registered replication group '{Name}': synchronous_standby_names is empty on the primary {primary}, so its commits are asynchronous and a failover could lose acknowledged writes. " +
                $"Set it to 'ANY 1 ({others})' (ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 ({others})'; SELECT pg_reload_conf();) and start again.");
        }

        if (commit is "off" or "local")
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Registered replication group '{Name}': synchronous_commit is '{commit}' on the primary {primary}, so commits do not wait for a standby. Set it to 'on' (ALTER SYSTEM SET synchronous_commit = on; SELECT pg_reload_conf();) and start again.");
        }
    }

    /// <summary>
    /// Waits until every one of <paramref name="standbys"/> streams from <paramref name="primary"/> and at least one counts as
    /// synchronous (sync_state 'quorum' or 'sync'); answers the ones that do not stream when the time is up.
    /// </summary>
    private async Task<IReadOnlyList<string>> WaitForStreamingAsync(string primary, IReadOnlyList<string> standbys, TimeSpan timeout, bool throwOnTimeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var rows = await RegisteredSql.TryReplicationAsync(ConnectionString(primary), cancellationToken).ConfigureAwait(false);
            var missing = standbys.Where(s => !rows.TryGetValue(s, out var row) || row.State != "streaming").ToList();
            var synchronous = rows.Where(r => standbys.Contains(r.Key) && r.Value.SyncState is "quorum" or "sync").Select(r => r.Key).ToList();
            if (missing.Count == 0 && synchronous.Count > 0)
            {
                return [];
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                if (!throwOnTimeout)
                {
                    return missing;
                }

                var found = rows.Count == 0 ? "none" : string.Join(", ", rows.Select(r => $"{r.Key} {r.Value.State}/{r.Value.SyncState}"));
                throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                    missing.Count > 0
                        ? $"Registered replication group '{Name}': standby {string.Join(", ", missing)} does not stream from the primary {primary} within {timeout.TotalSeconds} s (pg_stat_replication there shows: {found}). Each standby must stream from the primary with application_name set to its member name in primary_conninfo."
                        : $"Registered replication group '{Name}': no standby counts as synchronous on the primary {primary} (pg_stat_replication shows: {found}); fix synchronous_standby_names there (e.g. 'ANY 1 ({string.Join(", ", standbys)})') so commits wait for a standby.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> SettingAsync(string member, string setting, CancellationToken cancellationToken)
    {
        try
        {
            return await MemberSql.ScalarAsync<string>(ConnectionString(member), $"SELECT current_setting('{setting}')", cancellationToken).ConfigureAwait(false) ?? "";
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Registered replication group '{Name}': the primary {member} ({Host(member)}:{_servers[member].Port}) does not answer: {e.Message}", isTransient: true, e);
        }
    }
}
