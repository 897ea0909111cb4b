using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>
/// Runs a dedicated PostgreSQL instance per database: its cluster lives in <c>{DataDirectory}/{app}_{database}/pg</c>
/// (a copy of the engine's template cluster), it listens on 127.0.0.1 on a port from the configured range (the previous
/// one when it is still free), it starts when the database is opened (wake) and stops with a fast shutdown when the last
/// connection closes (hibernate), freeing the port. When this process is root the instances run as 'postgres'.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class ManagedPostgresEngine : IDatabaseEngine, ILowTierPriorityEngine
{
    /// <summary>The folder inside a database folder that holds its PostgreSQL cluster.</summary>
    public const string ClusterFolderName = "pg";

    private const string PortFileName = "port";

    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PgTools _tools;
    private readonly TemplateCluster _template;
    private readonly PortAllocator _ports;
    private readonly EngineMetrics? _metrics;
    private readonly Postgres.LowTierPriority _lowTier;
    private readonly KeyedLock _locks = new();
    private readonly ConcurrentDictionary<string, ManagedInstance> _running = new(StringComparer.Ordinal);
    private int _instanceSlots;

    /// <remarks>
    /// The instances' superuser passwords are protected with <paramref name="secrets"/>; by default with the key ring in
    /// <c>{DataDirectory}/keys</c>. Plaintext password files of an older version are rewritten encrypted here.
    /// </remarks>
    public ManagedPostgresEngine(EngineOptions options, ILogger<ManagedPostgresEngine> logger, TimeProvider? time = null, EngineMetrics? metrics = null, SecretProtector? secrets = null)
    {
        _metrics = metrics;
        _lowTier = new Postgres.LowTierPriority(options.Id, options.LowTierNice, logger, metrics);
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        _tools = new PgTools(options.BinDirectory, options.StartTimeout);
        Secrets = secrets ?? SecretProtector.ForDataDirectory(DataDirectory);
        _template = new TemplateCluster(DataDirectory, _tools, options, logger, Secrets);
        _ports = new PortAllocator(options.PortRangeStart, options.PortRangeEnd);
        MigratePasswordFiles();
    }

    /// <summary>What protects the superuser passwords stored in the cluster folders.</summary>
    internal SecretProtector Secrets { get; }

    public string Id => _options.Id;

    /// <inheritdoc/>
    public string LowTierPriorityStatus => _lowTier.Status;

    public string Kind => EngineKinds.ManagedPostgres;

    /// <summary>The absolute folder holding one sub-folder per database, the template and dropped databases.</summary>
    public string DataDirectory { get; }

    /// <summary>The template cluster new databases are copied from, once prepared; null before the first creation.</summary>
    public string? TemplateDirectory => _template.Path;

    /// <summary>The running instances: database full name → port.</summary>
    public IReadOnlyDictionary<string, int> RunningInstances => _running.ToDictionary(p => p.Key, p => p.Value.Port);

    public async Task<IDatabaseConnection> OpenAsync(DatabaseName name, CancellationToken cancellationToken = default)
    {
        name.EnsureNotEmpty();
        using var held = await _locks.AcquireAsync(name.FullName, cancellationToken).ConfigureAwait(false);
        if (!_running.TryGetValue(name.FullName, out var instance))
        {
            var started = Stopwatch.GetTimestamp();
            var created = false;
            if (!IsCluster(ClusterDirectory(name)))
            {
                await CreateClusterAsync(name, cancellationToken).ConfigureAwait(false);
                created = true;
            }

            instance = await StartAsync(name, cancellationToken).ConfigureAwait(false);
            _running[name.FullName] = instance;
            if (created)
            {
                EngineLog.DatabaseCreated(_logger, name.FullName, Id, EngineLog.ElapsedMs(started));
            }
            else
            {
                EngineLog.DatabaseOpened(_logger, name.FullName, Id, EngineLog.ElapsedMs(started));
            }
        }

        instance.References++;
        // the Low and Background tiers' own pool of lowered CPU priority (EngineOptions.LowTierNice), per connection
        var lowTier = _lowTier.Nice > 0 && instance.TenantConnectionString is { } tenant
            ? new Postgres.LowTierPool(PostgresConnectionStrings.ForLowPriority(tenant), _lowTier)
            : null;
        return new PostgresDatabaseConnection(name, Id, instance.DataSource, ct => ReleaseAsync(instance, ct), _logger, _metrics, Kind, lowTier: lowTier);
    }

    public Task<bool> ExistsAsync(DatabaseName name, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsCluster(ClusterDirectory(name.EnsureNotEmpty())));

    public async Task<string> DropAsync(DatabaseName name, CancellationToken cancellationToken = default)
    {
        name.EnsureNotEmpty();
        using var held = await _locks.AcquireAsync(name.FullName, cancellationToken).ConfigureAwait(false);
        var cluster = ClusterDirectory(name);
        if (!IsCluster(cluster))
        {
            throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"The database {name} does not exist on engine '{Id}'.");
        }

        if (_running.TryGetValue(name.FullName, out var instance))
        {
            await StopAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        else if (await _tools.IsRunningAsync(cluster, cancellationToken).ConfigureAwait(false))
        {
            await _tools.StopAsync(cluster, cancellationToken).ConfigureAwait(false);
        }

        var destination = DroppedData.MoveFolderAside(DataDirectory, name, _time);
        EngineLog.DatabaseDropped(_logger, name.FullName, Id, destination);
        return destination;
    }

    /// <summary>Stops every running instance (silo shutdown). Data stays; the next open starts them again.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _running.Values.ToList())
        {
            using var held = await _locks.AcquireAsync(instance.Name.FullName, CancellationToken.None).ConfigureAwait(false);
            try
            {
                await StopAsync(instance, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DynamicDbException)
            {
                // logged by StopAsync; keep stopping the others
            }
        }
    }

    internal string ClusterDirectory(DatabaseName name) => Path.Combine(DataDirectory, name.FullName, ClusterFolderName);

    private static bool IsCluster(string directory) => File.Exists(Path.Combine(directory, "PG_VERSION"));

    private async Task CreateClusterAsync(DatabaseName name, CancellationToken cancellationToken)
    {
        var cluster = ClusterDirectory(name);
        var staging = cluster + ".creating";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(cluster)!);
        try
        {
            await _template.CopyToAsync(staging, cancellationToken).ConfigureAwait(false);
            Directory.Move(staging, cluster);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Could not create the cluster of database {name} in '{cluster}': {e.Message}", isTransient: false, e);
        }
    }

    private async Task ReleaseAsync(ManagedInstance instance, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync(instance.Name.FullName, cancellationToken).ConfigureAwait(false);
        if (_running.TryGetValue(instance.Name.FullName, out var current) && ReferenceEquals(current, instance) && --instance.References == 0)
        {
            await StopAsync(instance, cancellationToken).ConfigureAwait(false);
        }
    }
}
