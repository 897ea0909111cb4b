using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// One PostgreSQL primary and <see cref="ReplicationGroupOptions.Replicas"/> synchronous standbys this process runs on
/// loopback, each in <c>{DataDirectory}/{member}</c> (members are named m0, m1, …; the name is also the member's
/// <c>application_name</c> and replication slot). Commits on the primary wait for any one standby
/// (<c>synchronous_standby_names = 'ANY 1 (…)'</c>, <c>synchronous_commit = on</c>). The layout (members, roles, primary,
/// epoch, an operation under way) lives in <c>{DataDirectory}/group.json</c> and is written before every change.
/// Operations (start, promote, rebuild, stop) run one at a time.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class ReplicationGroup : IReplicationGroup
{
    /// <summary>The login standbys stream with.</summary>
    public const string ReplicationUser = "replicator";

    private const int MaxConnections = 40;

    private readonly ReplicationGroupOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HaTools _tools;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private GroupLayout? _layout;
    private string? _password;
    private readonly Secrets.SecretProtector _secrets;

    /// <summary>Checks the settings (throwing <see cref="OptionsValidationException"/> naming each bad one); starts nothing.</summary>
    /// <remarks>
    /// The group's password file is protected with <paramref name="secrets"/>; by default with the key ring in the folder
    /// beside the group's (<c>{parent of DataDirectory}/keys</c>, a silo's <c>{DataDirectory}/keys</c> when the group's folder is in it).
    /// </remarks>
    public ReplicationGroup(ReplicationGroupOptions options, ILogger<ReplicationGroup> logger, TimeProvider? time = null, Secrets.SecretProtector? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = ReplicationGroupOptionsValidator.Validate(options, "ReplicationGroup");
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("ReplicationGroup", typeof(ReplicationGroupOptions), failures);
        }

        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _tools = new HaTools(options.BinDirectory, options.StartTimeout);
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        _secrets = secrets ?? Secrets.SecretProtector.ForDataDirectory(Path.GetDirectoryName(DataDirectory) ?? DataDirectory);
    }

    /// <summary>The group's name.</summary>
    public string Name => _options.Name;

    /// <summary>The absolute folder holding the members' data directories, their logs and the layout file.</summary>
    public string DataDirectory { get; }

    /// <summary>The group's folder.</summary>
    public string Location => DataDirectory;

    /// <summary>Always true: this silo runs every member.</summary>
    public bool RunsMembers => true;

    /// <summary>The current epoch (1 after the first start, one more after every promotion).</summary>
    public long Epoch => Layout.Epoch;

    /// <summary>The member that takes writes; a fenced member never is.</summary>
    public string Primary => Layout.Primary;

    /// <summary>Every member's name, in creation order.</summary>
    public IReadOnlyList<string> Members => Layout.Members.Select(m => m.Name).ToList();

    /// <summary>
    /// True when the group is started, no promotion is under way (a rebuild of another member does not count) and its
    /// primary is a primary (not a fenced member waiting for a promotion to finish): only then may statements be routed to
    /// <see cref="Primary"/>.
    /// </summary>
    public bool IsAtRest => _layout is { } layout && layout.Pending is not { Kind: PendingOperation.Promote or PendingOperation.Create }
        && layout[layout.Primary].Role == MemberRole.Primary;

    /// <summary>The member's role in the layout now.</summary>
    public MemberRole RoleOf(string member) => Layout[member].Role;

    /// <summary>A superuser connection string to the current primary (unpooled).</summary>
    public string PrimaryConnectionString => ConnectionString(Primary);

    private GroupLayout Layout => _layout ?? throw new InvalidOperationException($"Replication group '{Name}' has not been started.");

    private string Password => _password ?? throw new InvalidOperationException($"Replication group '{Name}' has not been started.");

    /// <summary>The data directory of <paramref name="member"/>.</summary>
    public string MemberDirectory(string member) => Path.Combine(DataDirectory, member);

    /// <summary>A superuser connection string (unpooled, database 'postgres') to <paramref name="member"/>, whatever its role.</summary>
    public string ConnectionString(string member) => ConnectionString(Layout[member].Port);

    /// <summary>A superuser connection string (unpooled, database 'postgres') to the member on <paramref name="port"/> (a member of a layout snapshot, which a removal may have dropped since).</summary>
    private string ConnectionString(int port) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Password = Password,
        Database = "postgres",
        Pooling = false,
        Timeout = (int)Math.Ceiling(_options.CommandTimeout.TotalSeconds),
        CommandTimeout = (int)Math.Ceiling(_options.CommandTimeout.TotalSeconds),
    }.ConnectionString;

    /// <summary>
    /// Creates the group on first use (initdb of the primary, a base backup per standby), or restarts the members that
    /// exist (fenced ones stay stopped), resumes an interrupted promotion, sets the primary's synchronous standbys and
    /// waits until every standby streams and counts as synchronous. Calling it again on a running group is harmless.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            await PrepareFolderAsync(cancellationToken).ConfigureAwait(false);
            _layout = LayoutFile.Read(DataDirectory) ?? NewLayout();
            // Members added at run time (POST /v1/engines) are beyond the configured replicas and stay.
            var configured = _layout.Members.Count(m => !m.Added) - 1;
            if (configured != _options.Replicas)
            {
                throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                    $"ReplicationGroup:Replicas: is {_options.Replicas}, but the group in '{DataDirectory}' has {configured} configured standbys; changing the number of replicas of an existing group is not supported.");
            }

            if (_layout.Pending is { Kind: PendingOperation.Promote } || _layout[_layout.Primary].Role == MemberRole.Fenced)
            {
                // An interrupted promotion is finished before anything starts: a fenced primary is never started again.
                var promotion = _layout.Pending is { Kind: PendingOperation.Promote } pending ? pending
                    : new PendingOperation(PendingOperation.Promote, "", _layout.Epoch + 1, _time.GetUtcNow(), $"promote a standby in place of the fenced primary {_layout.Primary}");
                Save(_layout with { Pending = promotion });
                ReplicationGroupLog.PendingResumed(_logger, Name, promotion.Description);
                await PromoteCoreAsync(promotion.Member == "" ? null : promotion.Member, cancellationToken).ConfigureAwait(false);
            }

            var primary = Layout[Layout.Primary];
            if (!IsDataDirectory(MemberDirectory(primary.Name)))
            {
                await CreatePrimaryAsync(primary, cancellationToken).ConfigureAwait(false);
            }

            await StartMemberAsync(primary, cancellationToken).ConfigureAwait(false);
            await EnsureReplicationRoleAsync(primary.Name, cancellationToken).ConfigureAwait(false);
            foreach (var standby in Layout.Standbys)
            {
                if (!IsDataDirectory(MemberDirectory(standby.Name)))
                {
                    await CreateStandbyAsync(standby.Name, cancellationToken).ConfigureAwait(false);
                }

                await StartMemberAsync(standby, cancellationToken).ConfigureAwait(false);
            }

            if (Layout.Pending is { Kind: PendingOperation.Remove } removal)
            {
                // The layout already dropped the member: stop it, drop its slot and move its data aside.
                ReplicationGroupLog.PendingResumed(_logger, Name, removal.Description);
                await FinishRemoveAsync(removal.Member, cancellationToken).ConfigureAwait(false);
            }

            await SetSynchronousStandbysAsync(primary.Name, Layout.SynchronousStandbyNames(), cancellationToken).ConfigureAwait(false);
            await WaitForStandbysAsync(Layout.Standbys.Select(s => s.Name).ToList(), cancellationToken).ConfigureAwait(false);
            Save(Layout with { Pending = null });
            ReplicationGroupLog.GroupStarted(_logger, Name, Layout.Epoch, Layout.Primary, Layout.SynchronousStandbyNames(), Elapsed(started));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every member: the primary first (a fast shutdown hands its last WAL to the standbys), then the standbys; fenced members' leftovers are killed.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_layout is not null)
            {
                await StopMembersAsync(Layout.Members.OrderBy(m => m.Role).Select(m => m.Name).ToList(), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops one member with a fast shutdown (for maintenance); it keeps its role and the next <see cref="StartAsync"/>
    /// starts it again. Stopping every standby makes the primary's commits wait: they are never made asynchronous.
    /// </summary>
    public async Task StopMemberAsync(string member, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ = Layout[member];
            await StopMembersAsync([member], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the members this object started (not ones it found running).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_layout is not null)
            {
                await StopMembersAsync(Layout.Members.OrderBy(m => m.Role).Select(m => m.Name).Where(_started.Contains).ToList(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopMembersAsync(IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var name in members)
        {
            var directory = MemberDirectory(name);
            if (MemberProcesses.Postmaster(directory) is not null)
            {
                try
                {
                    await _tools.Pg.StopAsync(directory, cancellationToken).ConfigureAwait(false);
                }
                catch (DynamicDbException)
                {
                    // a fast shutdown that does not finish in time: stop it the hard way (the processes are killed below anyway)
                    await _tools.StopImmediatelyAsync(directory, cancellationToken).ConfigureAwait(false);
                }

                ReplicationGroupLog.MemberStopped(_logger, name, Name, Layout[name].Port);
            }

            await MemberProcesses.KillAllAsync(directory, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
            _started.Remove(name);
        }

        ReplicationGroupLog.GroupStopped(_logger, Name, members.Count, Elapsed(started));
    }

    private static bool IsDataDirectory(string directory) => File.Exists(Path.Combine(directory, "PG_VERSION"));

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
}
