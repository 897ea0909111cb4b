using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>
/// The grain directory of one cluster in a SQL table (PostgreSQL, or SQLite for silos sharing one machine), created
/// on first use: one row per grain, keyed by (cluster, grain type, grain key). Each change is one conditional statement
/// (INSERT … ON CONFLICT DO NOTHING, or UPDATE/DELETE … WHERE the entry is the expected one), so the database decides
/// every race; a registration that loses reads the winner back.
/// </summary>
public sealed class AdoNetGrainDirectory : IGrainDirectory
{
    /// <summary>The kind recorded for this provider's table in the schema-version table.</summary>
    internal const string SchemaKind = "grain_directory";

    private readonly AdoNetDialect _dialect;
    private readonly AdoNetSchema _schema;
    private readonly GrainDirectorySql _sql;
    private readonly string _clusterId;
    private readonly ILogger _logger;

    /// <param name="options">The database; validated here (an <see cref="ArgumentException"/> names each bad setting).</param>
    /// <param name="clusterId">The cluster whose entries this directory reads and writes.</param>
    /// <param name="logger">Logs table creation and removals. Default: none.</param>
    /// <param name="timeProvider">The clock for the schema-version row. Default: the system clock.</param>
    public AdoNetGrainDirectory(AdoNetClusteringOptions options, string clusterId, ILogger<AdoNetGrainDirectory>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        MembershipRows.ValidateClusterId(clusterId);
        _clusterId = clusterId;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _dialect = AdoNetDialect.Create(options.Invariant, options.ConnectionString);
        _sql = new GrainDirectorySql(options.DirectoryTableName);
        _schema = new AdoNetSchema(_dialect, options.DirectoryTableName, SchemaKind, [_sql.CreateTable()], timeProvider ?? TimeProvider.System, _logger);
    }

    public async Task<GrainAddress> Register(GrainAddress address) => (await Register(address, previous: null).ConfigureAwait(false))!;

    public async Task<GrainAddress?> Register(GrainAddress address, GrainAddress? previous)
    {
        GrainAddresses.Validate(address, nameof(address));
        GrainAddresses.ValidatePrevious(address, previous);
        while (true)
        {
            if (previous is not null && previous != address && await ExecuteAsync(_sql.Replace, command => Bind(command, address)
                .With("previous_silo_address", previous.Silo.ToParsableString())
                .With("previous_activation_id", previous.ActivationId)).ConfigureAwait(false) == 1)
            {
                GrainDirectoryLog.Replaced(_logger, address.GrainId, previous.Silo, address.Silo);
                return address;
            }

            if (await ExecuteAsync(_sql.InsertIfAbsent, command => Bind(command, address)).ConfigureAwait(false) == 1)
            {
                return address;
            }

            // Someone else holds the grain; if their entry vanished in the meantime, try again.
            if (await Lookup(address.GrainId).ConfigureAwait(false) is { } current)
            {
                return current;
            }
        }
    }

    public async Task<GrainAddress?> Lookup(GrainId grainId)
    {
        GrainAddresses.Validate(grainId, nameof(grainId));
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var rows = await _dialect.UseConnectionAsync(
            connection => connection.QueryAsync(_sql.Select, command => BindGrain(command, grainId), GrainDirectorySql.Read, CancellationToken.None),
            CancellationToken.None).ConfigureAwait(false);
        return rows.Count == 0 ? null : new GrainAddress(grainId, rows[0].Silo, rows[0].ActivationId);
    }

    public Task Unregister(GrainAddress address)
    {
        GrainAddresses.Validate(address, nameof(address));
        return ExecuteAsync(_sql.Delete, command => Bind(command, address));
    }

    public async Task UnregisterSilos(IReadOnlyList<SiloAddress> silos)
    {
        GrainAddresses.Validate(silos, nameof(silos));
        var removed = 0;
        foreach (var silo in silos)
        {
            removed += await ExecuteAsync(_sql.DeleteSilo, command => command
                .With("cluster_id", _clusterId)
                .With("silo_address", silo.ToParsableString())).ConfigureAwait(false);
        }

        if (removed > 0)
        {
            GrainDirectoryLog.SilosUnregistered(_logger, removed, silos);
        }
    }

    private DbCommand BindGrain(DbCommand command, GrainId grainId) => command
        .With("cluster_id", _clusterId)
        .With("grain_type", grainId.Type)
        .With("grain_key", grainId.Key);

    private DbCommand Bind(DbCommand command, GrainAddress address) => BindGrain(command, address.GrainId)
        .With("silo_address", address.Silo.ToParsableString())
        .With("activation_id", address.ActivationId);

    private async Task<int> ExecuteAsync(string sql, Action<DbCommand> bind)
    {
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        return await _dialect.UseWriteConnectionAsync(
            connection => connection.ExecuteAsync(sql, bind, CancellationToken.None),
            CancellationToken.None).ConfigureAwait(false);
    }
}
