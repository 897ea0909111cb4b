using System.Diagnostics;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Creating, configuring, starting and fencing single members.</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>Appended to the primary's postgresql.conf at initdb; base backups copy it to every standby.</summary>
    private static readonly string Settings = $"""

        # Orleans.DynamicDb replication group member: loopback TCP only, no Unix sockets (the port is given at start).
        listen_addresses = '127.0.0.1'
        unix_socket_directories = ''
        # Also in the file, not only on pg_ctl's command line: pg_rewind's single-user crash recovery records it in
        # pg_control, and a standby refuses to start with fewer connections than its primary recorded.
        max_connections = {MaxConnections}
        shared_buffers = 16MB
        wal_level = replica
        max_wal_senders = 10
        max_replication_slots = 10
        hot_standby = on
        hot_standby_feedback = on
        # pg_rewind needs hint-bit changes in the WAL to rebuild a former primary.
        wal_log_hints = on
        # Keeps recent WAL past checkpoints (1 MB segments recycle fast), so a rewound former primary usually finds the
        # WAL it replays from on the new primary instead of needing a fresh base backup.
        wal_keep_size = 64MB
        synchronous_commit = on
        wal_receiver_status_interval = 1s
        wal_retrieve_retry_interval = 1s

        """;

    private async Task CreatePrimaryAsync(GroupMember primary, CancellationToken cancellationToken)
    {
        var directory = MemberDirectory(primary.Name);
        var staging = directory + ".building";
        DeleteDirectory(staging);
        await _tools.InitPrimaryAsync(staging, Password, Settings, [], cancellationToken).ConfigureAwait(false);
        Directory.Move(staging, directory);
    }

    /// <summary>Copies the primary into a new standby data directory (through a staging folder, so a half-made copy is never taken for a member).</summary>
    private async Task CreateStandbyAsync(string name, CancellationToken cancellationToken)
    {
        var directory = MemberDirectory(name);
        var staging = directory + ".building";
        DeleteDirectory(staging);
        await EnsureSlotAsync(Layout.Primary, name, cancellationToken).ConfigureAwait(false);
        await _tools.BaseBackupAsync(staging, ReplicationConninfo(Layout.Primary, name), name, cancellationToken).ConfigureAwait(false);
        await ConfigureStandbyAsync(staging, name, cancellationToken).ConfigureAwait(false);
        Directory.Move(staging, directory);
    }

    /// <summary>Makes a stopped data directory a standby of the current primary: standby.signal, primary_conninfo and its slot.</summary>
    private Task ConfigureStandbyAsync(string directory, string name, CancellationToken cancellationToken) =>
        _tools.ConfigureStandbyAsync(directory, ReplicationConninfo(Layout.Primary, name), name, cancellationToken);

    /// <summary>Starts a member unless its postmaster already runs (then it is adopted, not restarted).</summary>
    private async Task StartMemberAsync(GroupMember member, CancellationToken cancellationToken)
    {
        var directory = MemberDirectory(member.Name);
        if (MemberProcesses.Postmaster(directory) is not null)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        // Leftovers of a postmaster killed with SIGKILL keep its shared memory and would stop a new one from starting.
        await MemberProcesses.KillAllAsync(directory, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        var log = LogFile(member.Name);
        var result = await _tools.StartMemberAsync(directory, member.Port, MaxConnections, log, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Member {member.Name} of replication group {Name} did not start on port {member.Port}: {result.Output} {Tail(log)}".TrimEnd(), isTransient: true);
        }

        _started.Add(member.Name);
        ReplicationGroupLog.MemberStarted(_logger, member.Name, member.Role, Name, member.Port, Elapsed(started));
    }

    /// <summary>
    /// Fences a member: an immediate stop when its postmaster lives (nothing more is written or acknowledged), then SIGKILL
    /// for any process left in its data directory (backends of a postmaster that was SIGKILLed).
    /// </summary>
    private async Task FenceAsync(string name, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var directory = MemberDirectory(name);
        var postmaster = MemberProcesses.Postmaster(directory);
        var wasRunning = postmaster is not null;
        // A postmaster frozen by SIGSTOP never answers pg_ctl's SIGQUIT: SIGKILL (below) is what stops it, at once.
        if (wasRunning && !MemberProcesses.IsStopped(postmaster!.Value))
        {
            await _tools.StopImmediatelyAsync(directory, cancellationToken).ConfigureAwait(false);
        }

        await MemberProcesses.KillAllAsync(directory, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        _started.Remove(name);
        ReplicationGroupLog.MemberFenced(_logger, name, Name, wasRunning, Elapsed(started));
    }

    private Task EnsureReplicationRoleAsync(string primary, CancellationToken cancellationToken) =>
        MemberSql.ExecuteAsync(ConnectionString(primary), cancellationToken,
            $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ReplicationUser}') THEN
                CREATE ROLE {ReplicationUser} WITH REPLICATION LOGIN PASSWORD {MemberSql.Literal(Password)};
              END IF;
            END $$
            """);

    /// <summary>Creates the physical slot <paramref name="slot"/> on <paramref name="primary"/>, reserving WAL now, unless it exists.</summary>
    private Task EnsureSlotAsync(string primary, string slot, CancellationToken cancellationToken) =>
        MemberSql.ScalarAsync<object>(ConnectionString(primary),
            "SELECT pg_create_physical_replication_slot($1, true) WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = $1)",
            cancellationToken, slot);

    /// <summary>Sets the primary's synchronous standbys and waits until the server uses them.</summary>
    private async Task SetSynchronousStandbysAsync(string member, string names, CancellationToken cancellationToken)
    {
        var connectionString = ConnectionString(member);
        await MemberSql.ExecuteAsync(connectionString, cancellationToken,
            "ALTER SYSTEM SET synchronous_standby_names = " + MemberSql.Literal(names),
            "ALTER SYSTEM SET synchronous_commit = 'on'",
            "SELECT pg_reload_conf()").ConfigureAwait(false);
        await PollAsync(
            async () => await MemberSql.ScalarAsync<string>(connectionString, "SELECT current_setting('synchronous_standby_names')", cancellationToken).ConfigureAwait(false) == names,
            () => $"member {member} of replication group {Name} did not take synchronous_standby_names = '{names}'",
            _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every named standby streams from the primary and counts as synchronous (sync_state 'quorum').</summary>
    private async Task WaitForStandbysAsync(IReadOnlyList<string> standbys, CancellationToken cancellationToken)
    {
        if (standbys.Count == 0)
        {
            return;
        }

        IReadOnlyDictionary<string, (string State, string SyncState, long? LagBytes)> seen = new Dictionary<string, (string, string, long?)>();
        var connectionString = ConnectionString(Layout.Primary);
        await PollAsync(
            async () =>
            {
                seen = await MemberSql.ReplicationAsync(connectionString, cancellationToken).ConfigureAwait(false);
                return standbys.All(s => seen.TryGetValue(s, out var row) && row is { State: "streaming", SyncState: "quorum" });
            },
            () => $"standbys {string.Join(", ", standbys)} of replication group {Name} do not all stream synchronously from {Layout.Primary} (seen: "
                + string.Join("; ", standbys.Select(s => seen.TryGetValue(s, out var row) ? $"{s} {row.State}/{row.SyncState}" : $"{s} not connected")) + ")",
            _options.ReplicationTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, or throws engine.unavailable at the deadline.</summary>
    private static async Task PollAsync(Func<Task<bool>> condition, Func<string> failure, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                last = e;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Within {timeout.TotalSeconds} s, {failure()}{(last is null ? "" : ": " + last.Message)}.", isTransient: true, last);
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private string ReplicationConninfo(string primary, string applicationName) =>
        $"host=127.0.0.1 port={Layout[primary].Port} user={ReplicationUser} application_name={applicationName}";

    private string SuperuserConninfo(string member) =>
        $"host=127.0.0.1 port={Layout[member].Port} user=postgres dbname=postgres";

    private string LogFile(string member) => Path.Combine(DataDirectory, member + ".log");

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Tail(string logFile)
    {
        try
        {
            var lines = File.ReadAllLines(logFile);
            return string.Join(' ', lines.Skip(Math.Max(0, lines.Length - 12)));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
