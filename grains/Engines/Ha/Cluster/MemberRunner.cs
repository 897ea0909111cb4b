using System.Globalization;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// Runs the members of one group that live on this silo, each in <c>{DataDirectory}/{member}</c> of the engine entry:
/// initdb of a first primary, <c>pg_basebackup</c> of a standby from the primary on whatever silo runs it, start, fence
/// (immediate stop and SIGKILL), and setting aside (moving, never deleting) folders the layout no longer gives this silo.
/// The same building blocks as <see cref="ReplicationGroup"/>, with members listening on
/// <see cref="ClusterReplicationOptions.ListenAddress"/> so members on other silos can reach them.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class MemberRunner
{
    /// <summary>Folders moved aside end with this, then a time stamp.</summary>
    public const string SetAsideSuffix = ".set-aside-";

    private const int MaxConnections = 40;

    /// <summary>The libpq password file earlier versions wrote; removed (see <see cref="LegacyPassFile"/>).</summary>
    private const string PassFileName = "pgpass";

    private readonly EngineOptions _engine;
    private readonly ClusterReplicationOptions _cluster;
    private readonly ILogger _logger;
    private readonly HaTools _tools;

    public MemberRunner(EngineOptions engine, ClusterReplicationOptions cluster, ILogger logger)
    {
        _engine = engine;
        _cluster = cluster;
        _logger = logger;
        _tools = new HaTools(engine.BinDirectory, engine.StartTimeout);
        DataDirectory = Path.GetFullPath(engine.DataDirectory);
    }

    /// <summary>The folder holding this silo's members of the group.</summary>
    public string DataDirectory { get; }

    public string MemberDirectory(string member) => Path.Combine(DataDirectory, member);

    /// <summary>The postmaster's pid of <paramref name="member"/> when it runs here, otherwise null.</summary>
    public int? Pid(string member) => MemberProcesses.Postmaster(MemberDirectory(member));

    /// <summary>Creates the group's first primary: initdb with the group's password, the member settings, started on a free port; answers the port.</summary>
    public async Task<int> CreatePrimaryAsync(string member, string password, CancellationToken cancellationToken)
    {
        await PrepareAsync(password, cancellationToken).ConfigureAwait(false);
        var directory = MemberDirectory(member);
        SetAside(directory);
        var staging = directory + ".building";
        DeleteDirectory(staging);
        await _tools.InitPrimaryAsync(staging, password, Settings(), [.. HbaLines()], cancellationToken).ConfigureAwait(false);
        Directory.Move(staging, directory);
        return await StartAsync(member, port: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes <paramref name="member"/> a fresh standby of the primary at <paramref name="primaryHost"/>:<paramref name="primaryPort"/>
    /// (any folder it had here is set aside first): a base backup through its slot, standby.signal and primary_conninfo,
    /// started on a free port; answers the port.
    /// </summary>
    public async Task<int> CreateStandbyAsync(string member, string password, string primaryHost, int primaryPort, CancellationToken cancellationToken)
    {
        await PrepareAsync(password, cancellationToken).ConfigureAwait(false);
        var directory = MemberDirectory(member);
        await MemberProcesses.KillAllAsync(directory, _engine.StartTimeout, cancellationToken).ConfigureAwait(false);
        SetAside(directory);
        var staging = directory + ".building";
        DeleteDirectory(staging);
        await _tools.BaseBackupAsync(staging, ReplicationConninfo(primaryHost, primaryPort, member), member, cancellationToken).ConfigureAwait(false);
        await _tools.ConfigureStandbyAsync(staging, ReplicationConninfo(primaryHost, primaryPort, member), member, cancellationToken).ConfigureAwait(false);
        Directory.Move(staging, directory);
        return await StartAsync(member, port: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts an existing member on <paramref name="port"/> (null: a free port) unless its postmaster runs (then it is
    /// adopted); answers the port it listens on.
    /// </summary>
    public async Task<int> StartAsync(string member, int? port, CancellationToken cancellationToken)
    {
        var directory = MemberDirectory(member);
        if (!File.Exists(Path.Combine(directory, "PG_VERSION")))
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed, $"Member {member} of replication group {_engine.Id} has no data directory in '{directory}' on this silo.");
        }

        if (MemberProcesses.Postmaster(directory) is not null && RunningPort(directory) is { } running)
        {
            return running;
        }

        await MemberProcesses.KillAllAsync(directory, _engine.StartTimeout, cancellationToken).ConfigureAwait(false);
        var chosen = new PortAllocator(_engine.PortRangeStart, _engine.PortRangeEnd).Lease(port);
        var log = Path.Combine(DataDirectory, member + ".log");
        var result = await _tools.StartMemberAsync(directory, chosen, MaxConnections, log, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Member {member} of replication group {_engine.Id} did not start on port {chosen}: {result.Output}".TrimEnd(), isTransient: true);
        }

        ClusterLog.MemberStarted(_logger, member, _engine.Id, chosen);
        LegacyPassFile.Remove(Path.Combine(DataDirectory, PassFileName), MemberFolders(), _logger);
        return chosen;
    }

    /// <summary>Stops <paramref name="member"/> at once (nothing more is written or acknowledged) and kills whatever runs in its folder.</summary>
    public async Task FenceAsync(string member, CancellationToken cancellationToken)
    {
        var directory = MemberDirectory(member);
        if (MemberProcesses.Postmaster(directory) is { } pid && !MemberProcesses.IsStopped(pid))
        {
            await _tools.StopImmediatelyAsync(directory, cancellationToken).ConfigureAwait(false);
        }

        await MemberProcesses.KillAllAsync(directory, _engine.StartTimeout, cancellationToken).ConfigureAwait(false);
        ClusterLog.MemberFenced(_logger, member, _engine.Id);
    }

    /// <summary>Stops every member running here with a fast shutdown (the silo stops).</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        foreach (var directory in MemberFolders())
        {
            if (MemberProcesses.Postmaster(directory) is not null)
            {
                try
                {
                    await _tools.Pg.StopAsync(directory, cancellationToken).ConfigureAwait(false);
                }
                catch (DynamicDbException)
                {
                    await _tools.StopImmediatelyAsync(directory, cancellationToken).ConfigureAwait(false);
                }
            }

            await MemberProcesses.KillAllAsync(directory, _engine.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves aside (after killing what runs in them) the member folders here that are not in <paramref name="keep"/>: members
    /// the layout fenced, or moved to another silo, are never started again from this silo's copy.
    /// </summary>
    public async Task<IReadOnlyList<string>> SetAsideAllButAsync(IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        var moved = new List<string>();
        foreach (var directory in MemberFolders().Where(d => !keep.Contains(Path.GetFileName(d))))
        {
            await MemberProcesses.KillAllAsync(directory, _engine.StartTimeout, cancellationToken).ConfigureAwait(false);
            SetAside(directory);
            moved.Add(Path.GetFileName(directory));
        }

        return moved;
    }

    /// <summary>The port in a running postmaster's lock file (its fourth line).</summary>
    private static int? RunningPort(string directory)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(directory, "postmaster.pid"));
            return lines.Length > 3 && int.TryParse(lines[3].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private IEnumerable<string> MemberFolders() => Directory.Exists(DataDirectory)
        ? Directory.EnumerateDirectories(DataDirectory)
            .Where(d => !Path.GetFileName(d).Contains('.', StringComparison.Ordinal) && File.Exists(Path.Combine(d, "PG_VERSION")))
            .ToList()
        : [];

    private void SetAside(string directory)
    {
        if (Directory.Exists(directory))
        {
            var target = directory + SetAsideSuffix + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            Directory.Move(directory, target);
            ClusterLog.FolderSetAside(_logger, directory, target);
        }
    }

    private async Task PrepareAsync(string password, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(DataDirectory))
        {
            Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await _tools.Pg.ChownAsync(DataDirectory, cancellationToken).ConfigureAwait(false);
        }

        // Base backups and the standbys' WAL receivers get the password as PGPASSWORD in their environment: it appears on
        // no command line, in no postgresql.auto.conf and in no file. An earlier version's libpq password file goes.
        Password = password;
        LegacyPassFile.Remove(Path.Combine(DataDirectory, PassFileName), MemberFolders(), _logger);
    }

    /// <summary>
    /// The group's password, which the members' postmasters and tools get in their environment (<see cref="HaTools.Password"/>);
    /// set by the creation of a member and, before a restart, from the group's grain.
    /// </summary>
    public string? Password
    {
        get => _tools.Password;
        set => _tools.Password = value;
    }

    private string ReplicationConninfo(string host, int port, string applicationName) =>
        FormattableString.Invariant($"host={host} port={port} user={ReplicationGroup.ReplicationUser} application_name={applicationName}");

    private IEnumerable<string> HbaLines() => _cluster.AllowedNetworks.SelectMany(network => new[]
    {
        $"host all postgres {network} scram-sha-256",
        $"host replication {ReplicationGroup.ReplicationUser} {network} scram-sha-256",
    });

    /// <summary>Appended to the first primary's postgresql.conf; base backups copy it to every standby.</summary>
    private string Settings() => $"""

        # Orleans.DynamicDb replication group member spread over silos (the port is given at start).
        listen_addresses = '{_cluster.ListenAddress}'
        unix_socket_directories = ''
        max_connections = {MaxConnections}
        shared_buffers = 16MB
        wal_level = replica
        max_wal_senders = 10
        max_replication_slots = 10
        hot_standby = on
        hot_standby_feedback = on
        wal_log_hints = on
        synchronous_commit = on
        wal_receiver_status_interval = 1s
        wal_retrieve_retry_interval = 1s

        """;

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
