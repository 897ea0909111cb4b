using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>
/// A replication group of PostgreSQL servers someone else runs (<c>postgres-ha</c> with <c>Members</c>), driven with SQL
/// only: it finds the primary, insists that commits are synchronous, promotes a standby with <c>pg_promote()</c> and
/// repoints the others with <c>ALTER SYSTEM SET primary_conninfo</c> + <c>pg_reload_conf()</c>. A failed primary is
/// fenced: recorded in the layout before anything else (so it is never routed to again, also after a restart), made
/// read-only when it still answers, and reported as needing a rebuild by its operator. It rejoins as a standby once it is
/// seen streaming from the primary. The layout lives in <c>{silo data}/engines/{id}/group.json</c>.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class RegisteredReplicationGroup : IReplicationGroup
{
    private readonly Dictionary<string, NpgsqlConnectionStringBuilder> _servers;
    private readonly IReadOnlyList<string> _names;
    private readonly string _stateDirectory;
    private readonly TimeSpan _startTimeout;
    private readonly TimeSpan _commandTimeout;
    private readonly TimeSpan _replicationTimeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Secrets.SecretProtector _secrets;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RegisteredLayout? _layout;
    private bool _started;

    /// <summary>A group over <paramref name="members"/> (name, superuser connection string); connects to nothing yet.</summary>
    public RegisteredReplicationGroup(string name, IReadOnlyList<(string Name, string ConnectionString)> members, string stateDirectory,
        ILogger<RegisteredReplicationGroup> logger, TimeProvider? time = null, TimeSpan? startTimeout = null, TimeSpan? commandTimeout = null,
        Secrets.SecretProtector? secrets = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        Name = name;
        _names = members.Select(m => m.Name).ToList();
        _commandTimeout = commandTimeout ?? TimeSpan.FromSeconds(5);
        _startTimeout = startTimeout ?? TimeSpan.FromSeconds(60);
        _replicationTimeout = TimeSpan.FromSeconds(Math.Min(30, _startTimeout.TotalSeconds));
        var seconds = (int)Math.Ceiling(_commandTimeout.TotalSeconds);
        _servers = members.ToDictionary(m => m.Name, m => new NpgsqlConnectionStringBuilder(m.ConnectionString)
        {
            Pooling = false,
            Timeout = seconds,
            CommandTimeout = seconds,
            Database = new NpgsqlConnectionStringBuilder(m.ConnectionString).Database ?? "postgres",
        }, StringComparer.Ordinal);
        _stateDirectory = Path.GetFullPath(stateDirectory);
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _secrets = secrets ?? Secrets.SecretProtector.ForDataDirectory(_stateDirectory);
    }

    /// <summary>The group of a <c>postgres-ha</c> engine entry with <see cref="EngineOptions.Members"/>.</summary>
    public static RegisteredReplicationGroup Create(EngineOptions options, ILoggerFactory loggers, TimeProvider? time = null, Secrets.SecretProtector? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var members = options.Members.Select((m, k) => (RegisteredMembersValidator.NameOf(m, k), m.ConnectionString)).ToList();
        return new RegisteredReplicationGroup(options.Id, members, StateDirectoryOf(options), loggers.CreateLogger<RegisteredReplicationGroup>(), time,
            options.StartTimeout, secrets: secrets);
    }

    /// <summary>Where an engine entry's layout lives: <see cref="EngineOptions.StateDirectory"/>, else <c>data/engines/{id}</c>.</summary>
    public static string StateDirectoryOf(EngineOptions options) =>
        Path.GetFullPath(options.StateDirectory ?? Path.Combine("data", "engines", options.Id));

    /// <summary>The group's name (the engine id).</summary>
    public string Name { get; }

    /// <summary>The servers, for messages (host:port each).</summary>
    public string Location => string.Join(", ", _names.Select(n => $"{n}={Host(n)}:{_servers[n].Port}"));

    /// <summary>The folder holding the layout file.</summary>
    public string StateDirectory => _stateDirectory;

    /// <summary>Always false: someone else runs the servers (no pid or port of ours to report, no rebuild by the silo).</summary>
    public bool RunsMembers => false;

    public long Epoch => Layout.Epoch;

    public string Primary => Layout.Primary;

    public IReadOnlyList<string> Members => _names;

    public bool IsAtRest => _started && _layout is { } layout && layout.Pending is null && layout[layout.Primary].Role == MemberRole.Primary;

    public MemberRole RoleOf(string member) => Layout[member].Role;

    /// <summary>The superuser connection string to <paramref name="member"/> (unpooled, short timeouts), as configured.</summary>
    public string ConnectionString(string member) => _servers.TryGetValue(member, out var builder)
        ? builder.ConnectionString
        : throw new KeyNotFoundException($"The registered group '{Name}' has no member '{member}'.");

    private RegisteredLayout Layout => _layout ?? throw new InvalidOperationException($"Registered replication group '{Name}' has not been started.");

    /// <summary>Someone else runs the servers: nothing to stop.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        _started = false;
        return Task.CompletedTask;
    }

    /// <summary>Refused: a planned switchover (statements held, the old primary demoted) needs control of the servers' processes.</summary>
    public Task<SwitchoverTimings> SwitchOverAsync(string target, TimeSpan catchUpBound, Func<CancellationToken, Task> hold, CancellationToken cancellationToken = default) =>
        throw new DynamicDbException(ErrorCodes.EngineFailoverUnsafe,
            $"Replication group '{Name}' is a registered group: planned switchover is not supported for registered groups (the old primary cannot be demoted to a standby with SQL alone); '{Primary}' stays the primary. Fail over only when the primary has failed.");

    /// <summary>Refused: the servers belong to someone else; a fenced member is rebuilt by its operator and rejoins by itself.</summary>
    public Task<string> RebuildAsync(string member, CancellationToken cancellationToken = default) =>
        throw new DynamicDbException(ErrorCodes.RequestInvalid,
            $"Registered member {member} of replication group '{Name}' was fenced and needs a rebuild by its operator (for example pg_basebackup from {Primary}, streaming with application_name={member}); it rejoins as a standby once it streams from the primary.");

    public ValueTask DisposeAsync()
    {
        _started = false;
        return ValueTask.CompletedTask;
    }

    private string Host(string member) => _servers[member].Host!;

    private void Save(RegisteredLayout layout)
    {
        LayoutFile.Write(_stateDirectory, RegisteredLayoutSecrets.Protect(layout, _secrets));
        _layout = layout;
    }

    /// <summary>Refuses: a registered group's members are the servers named in its settings (<c>Members:K:ConnectionString</c>).</summary>
    public Task<MemberStatus> AddMemberAsync(double weight, CancellationToken cancellationToken = default) =>
        throw new DynamicDbException(ErrorCodes.RequestInvalid,
            $"Replication group '{Name}' is made of servers someone else runs: add a server to its Members settings (Members:K:ConnectionString) and restart the silo; members are added at run time only to groups the silo runs.");
}
