using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines;

/// <summary>
/// Builds the configured engines (validating the list first) and resolves them by id. With no engines configured it
/// holds one embedded SQLite engine. Disposing it disposes the engines, which stops managed instances.
/// </summary>
public sealed class EngineRegistry : IEngineRegistry
{
    private readonly Dictionary<string, IDatabaseEngine> _byId;

    /// <summary>
    /// The registry of the configured engines. <paramref name="groups"/>, when the silo has one (a cluster of silos), makes
    /// the replication groups of <c>postgres-ha</c> engines; without it each engine runs its group on this silo.
    /// </summary>
    public EngineRegistry(
        IOptions<EngineRegistryOptions> options, ILoggerFactory loggerFactory, TimeProvider time, EngineMetrics? metrics = null, Ha.Cluster.IReplicationGroupFactory? groups = null,
        Secrets.SecretProtector? secrets = null)
        : this(options.Value.Engines, loggerFactory, time, metrics, groups, secrets)
    {
    }

    private EngineRegistry(
        IEnumerable<EngineOptions> configured, ILoggerFactory loggerFactory, TimeProvider time, EngineMetrics? metrics, Ha.Cluster.IReplicationGroupFactory? groups = null,
        Secrets.SecretProtector? secrets = null)
    {
        var list = configured.ToList();
        if (list.Count == 0)
        {
            list.Add(EngineOptions.EmbeddedDefault());
        }

        var failures = EngineOptionsValidator.Validate(list);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(EngineRegistryOptions.SectionName, typeof(EngineRegistryOptions), failures);
        }

        var logger = loggerFactory.CreateLogger<EngineRegistry>();
        var defaultOptions = list.FirstOrDefault(e => e.Default) ?? list[0];
        var engines = new List<IDatabaseEngine>(list.Count);
        foreach (var options in list)
        {
            var engine = Build(options, loggerFactory, time, metrics, groups, secrets);
            engines.Add(engine);
            EngineLog.EngineCreated(logger, engine.Id, engine.Kind, ReferenceEquals(options, defaultOptions));
            if (ReferenceEquals(options, defaultOptions))
            {
                Default = engine;
            }
        }

        Engines = engines;
        _byId = engines.ToDictionary(e => e.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IDatabaseEngine Default { get; } = null!;

    public IReadOnlyList<IDatabaseEngine> Engines { get; }

    /// <summary>Builds a registry from code (tests, tools): the same validation as from configuration.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; each failure names it.</exception>
    public static EngineRegistry Create(IEnumerable<EngineOptions> engines, ILoggerFactory loggerFactory, TimeProvider? time = null, EngineMetrics? metrics = null) =>
        new(engines, loggerFactory, time ?? TimeProvider.System, metrics);

    public IDatabaseEngine Get(string engineId) => TryGet(engineId, out var engine)
        ? engine
        : throw new DynamicDbException(ErrorCodes.EngineUnknown,
            $"No engine '{engineId}' is configured; the configured engines are: {string.Join(", ", Engines.Select(e => $"'{e.Id}'"))}.");

    public bool TryGet(string engineId, [MaybeNullWhen(false)] out IDatabaseEngine engine) =>
        _byId.TryGetValue(engineId ?? "", out engine);

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in Engines)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IDatabaseEngine Build(
        EngineOptions options, ILoggerFactory loggers, TimeProvider time, EngineMetrics? metrics, Ha.Cluster.IReplicationGroupFactory? groups, Secrets.SecretProtector? secrets) => options.Kind switch
    {
        EngineKinds.Sqlite => new SqliteEngine(options, loggers.CreateLogger<SqliteEngine>(), time, metrics),
        EngineKinds.Postgres => new PostgresEngine(options, loggers.CreateLogger<PostgresEngine>(), time, metrics, secrets),
        EngineKinds.ManagedPostgres when !OperatingSystem.IsWindows() => new ManagedPostgresEngine(options, loggers.CreateLogger<ManagedPostgresEngine>(), time, metrics, secrets),
        EngineKinds.PostgresHa when !OperatingSystem.IsWindows() && options.Members.Count > 0 =>
            new Ha.HaPostgresEngine(options, Ha.Registered.RegisteredReplicationGroup.Create(options, loggers, time, secrets), loggers, time, metrics, secrets),
        EngineKinds.PostgresHa when !OperatingSystem.IsWindows() => new Ha.HaPostgresEngine(options, groups?.Create(options), loggers, time, metrics, secrets),
        _ => throw new DynamicDbException(ErrorCodes.EngineStartFailed, $"Engine '{options.Id}' of kind '{options.Kind}' cannot run on this platform."),
    };
}
