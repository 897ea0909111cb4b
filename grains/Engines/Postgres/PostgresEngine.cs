using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// A registered PostgreSQL server: each logical database is a PostgreSQL database named <c>{app}_{database}</c>,
/// created on first open. An open database holds its own connection pool, released on close. The connection string's
/// role administers (creates, migrates, renames databases and tenant roles); tenant statements run as the database's own
/// tenant role (see <see cref="TenantRoles"/>), whose password is kept in the maintenance database
/// (see <see cref="TenantRoleStore"/>) so that several silos can share the server.
/// </summary>
public sealed partial class PostgresEngine : IDatabaseEngine, ILowTierPriorityEngine
{
    /// <summary>How many characters of the database name a dropped name keeps, so that <c>{name}_dropped_{timestamp}</c> fits 63.</summary>
    private const int DroppedPrefixLength = DatabaseName.MaxLength - 9 - 17;

    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _serverConnectionString;
    private readonly NpgsqlDataSource _maintenance;
    private readonly EngineMetrics? _metrics;
    private readonly Ha.Safety.WriteSafety? _safety;
    private readonly TenantPasswords _passwords;
    private readonly LowTierPriority _lowTier;

    /// <summary>
    /// A registered server. <paramref name="secrets"/> encrypts the tenant roles' passwords kept on the server; a silo passes
    /// the key ring its silos share, code that passes none gets the ring in <c>{DataDirectory}/keys</c> of
    /// <paramref name="options"/>.
    /// </summary>
    public PostgresEngine(EngineOptions options, ILogger<PostgresEngine> logger, TimeProvider? time = null, EngineMetrics? metrics = null, Secrets.SecretProtector? secrets = null)
        : this(options, logger, time, metrics, safety: null, secrets)
    {
    }

    /// <summary>
    /// A server whose databases' connections track their writes with <paramref name="safety"/> (see
    /// <see cref="Ha.Safety.WriteSafety"/>): what the <c>postgres-ha</c> engine serves its current primary with.
    /// </summary>
    internal PostgresEngine(
        EngineOptions options, ILogger<PostgresEngine> logger, TimeProvider? time, EngineMetrics? metrics, Ha.Safety.WriteSafety? safety, Secrets.SecretProtector? secrets)
    {
        _safety = safety;
        _metrics = metrics;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _serverConnectionString = options.ConnectionString
            ?? throw new ArgumentException($"Engine '{options.Id}' of kind postgres needs a ConnectionString.", nameof(options));
        _maintenance = NpgsqlDataSource.Create(PostgresConnectionStrings.ForMaintenance(_serverConnectionString, pooling: true));
        _lowTier = new LowTierPriority(options.Id, options.LowTierNice, logger, metrics);
        _passwords = new TenantPasswords(secrets ?? Secrets.SecretProtector.ForDataDirectory(Path.GetFullPath(options.DataDirectory)), options.Id, logger);
    }

    public string Id => _options.Id;

    public string Kind => EngineKinds.Postgres;

    /// <inheritdoc/>
    public string LowTierPriorityStatus => _lowTier.Status;

    public async Task<IDatabaseConnection> OpenAsync(DatabaseName name, CancellationToken cancellationToken = default)
    {
        name.EnsureNotEmpty();
        var started = Stopwatch.GetTimestamp();
        var (created, login) = await MaintainAsync(name, (admin, ct) => TenantDatabase.EnsureAsync(admin, _serverConnectionString, name.FullName, _passwords, _logger, ct), cancellationToken)
            .ConfigureAwait(false);
        var dataSource = NpgsqlDataSource.Create(PostgresConnectionStrings.ForTenant(_serverConnectionString, name.FullName, login, _options));
        var shared = SharedPool(_serverConnectionString, name, login, dataSource);
        var connection = new PostgresDatabaseConnection(
            name, Id, dataSource, _ => CloseAsync(dataSource, shared), _logger, _metrics, Kind, _safety, shared, LowTierPool(_serverConnectionString, name, login));
        try
        {
            // Fail at wake time, not at the first statement, when the database cannot be reached.
            await (await connection.OpenAsync(cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch
        {
            await CloseAsync(dataSource, shared).ConfigureAwait(false);
            throw;
        }

        if (created)
        {
            EngineLog.DatabaseCreated(_logger, name.FullName, Id, EngineLog.ElapsedMs(started));
        }
        else
        {
            EngineLog.DatabaseOpened(_logger, name.FullName, Id, EngineLog.ElapsedMs(started));
        }

        return connection;
    }

    public Task<bool> ExistsAsync(DatabaseName name, CancellationToken cancellationToken = default) =>
        MaintainAsync(name.EnsureNotEmpty(), (admin, ct) => PostgresCatalog.ExistsAsync(admin, name.FullName, ct), cancellationToken);

    public async Task<string> DropAsync(DatabaseName name, CancellationToken cancellationToken = default)
    {
        name.EnsureNotEmpty();
        ForgetDirect(name);
        var full = name.FullName;
        var dropped = $"{full[..Math.Min(full.Length, DroppedPrefixLength)]}_dropped_{DroppedData.Timestamp(_time)}";
        await MaintainAsync(name, async (admin, ct) =>
        {
            if (!await PostgresCatalog.ExistsAsync(admin, full, ct).ConfigureAwait(false))
            {
                throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"The database {name} does not exist on engine '{Id}'.");
            }

            await PostgresCatalog.RenameAsync(admin, full, dropped, ct).ConfigureAwait(false);
            await TenantRoles.RenameForDroppedAsync(admin, full, dropped, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        EngineLog.DatabaseDropped(_logger, full, Id, dropped);
        return dropped;
    }

    /// <summary>
    /// The start-up pass: migrates those of <paramref name="names"/> that exist on the server and are not yet owned by their
    /// tenant role (or are still open to <c>PUBLIC</c>), at most <paramref name="maxParallelism"/> at a time, without
    /// opening them, and re-encrypts the tenant passwords an earlier version stored in plaintext. A few queries when nothing
    /// is left to do; failures are logged and left to the next open.
    /// </summary>
    internal Task<TenantStartupResult> MigrateExistingAsync(IReadOnlyCollection<DatabaseName> names, int maxParallelism, CancellationToken cancellationToken = default) =>
        TenantStartupMigration.RunAsync(_maintenance, _serverConnectionString, _passwords, names, maxParallelism, _logger, cancellationToken);

    public ValueTask DisposeAsync() => _maintenance.DisposeAsync();

    /// <summary>The shared pool of <paramref name="name"/> on <paramref name="server"/>, or null when <see cref="EngineOptions.SharedPool"/> is off.</summary>
    private MultiplexingStatementPool? SharedPool(string server, DatabaseName name, TenantLogin login, NpgsqlDataSource dedicated) =>
        _options.SharedPool ? MultiplexingStatementPool.Create(PostgresConnectionStrings.ForShared(server, name.FullName, login, _options), dedicated) : null;

    /// <summary>The low-priority pool of <paramref name="name"/> on <paramref name="server"/> (created at its first use), or null when <see cref="EngineOptions.LowTierNice"/> is 0.</summary>
    private LowTierPool? LowTierPool(string server, DatabaseName name, TenantLogin login) =>
        _lowTier.Nice > 0 ? new LowTierPool(PostgresConnectionStrings.ForLowPriority(server, name.FullName, login, _options), _lowTier) : null;

    private static async Task CloseAsync(NpgsqlDataSource dataSource, ISharedStatementPool? shared)
    {
        if (shared is not null)
        {
            await shared.DisposeAsync().ConfigureAwait(false);
        }

        await dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<T> MaintainAsync<T>(DatabaseName name, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            var admin = await _maintenance.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var adminScope = admin.ConfigureAwait(false);
            return await work(admin, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (PostgresErrors.Map(e, name) is { } mapped)
        {
            throw mapped;
        }
    }
}
