using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.DynamicDb.Engines.Managed;

namespace Orleans.DynamicDb.Engines;

/// <summary>Validates the engine list up front; every failure names the setting, e.g. <c>DynamicDb:Engines:1:PortRangeEnd</c>.</summary>
public sealed class EngineOptionsValidator : IValidateOptions<EngineRegistryOptions>
{
    /// <summary>The most SQLite worker threads an engine may have (<see cref="EngineOptions.WorkerThreads"/>).</summary>
    public const int MaxWorkerThreads = 256;

    /// <summary>The most connections of an engine's shared pool per open database (<see cref="EngineOptions.SharedPoolSize"/>).</summary>
    public const int MaxSharedPoolSize = 100;

    /// <summary>The highest Linux nice value, the lowest CPU priority (<see cref="EngineOptions.LowTierNice"/>).</summary>
    public const int MaxNice = 19;

    public ValidateOptionsResult Validate(string? name, EngineRegistryOptions options)
    {
        var failures = Validate(options.Engines.ToList());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem found, as sentences naming the setting; empty when the list is valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<EngineOptions> engines)
    {
        var failures = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var directories = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < engines.Count; i++)
        {
            var engine = engines[i];
            var at = $"{EngineRegistryOptions.SectionName}:{i}";
            ValidateCommon(engine, at, failures);
            Health.EngineHealthOptionsValidator.Validate(engine.Health, at, failures);
            Ha.Safety.FailoverOptionsValidator.Validate(engine.Failover, at, failures);
            Ha.SwitchoverOptionsValidator.Validate(engine.Switchover, at, failures);
            failures.AddRange(Ha.AutoScale.AutoScaleOptionsValidator.Validate(engine, at));
            if (!string.IsNullOrEmpty(engine.Id) && !ids.TryAdd(engine.Id, i))
            {
                failures.Add($"{at}:Id: '{engine.Id}' is already the id of {EngineRegistryOptions.SectionName}:{ids[engine.Id]}; engine ids must be unique.");
            }

            switch (engine.Kind)
            {
                case EngineKinds.Sqlite:
                    ValidateDataDirectory(engine, at, directories, failures);
                    Require(engine.BusyTimeout > TimeSpan.Zero, $"{at}:BusyTimeout: must be positive, not {engine.BusyTimeout}.", failures);
                    Sqlite.SqliteLimitOptions.Validate(engine.SqliteLimits, at, failures);
                    ValidateWorkers(engine, at, failures);
                    break;
                case EngineKinds.Postgres:
                    ValidateConnectionString(engine.ConnectionString, at, failures);
                    Require(engine.MaxPoolSize >= 1, $"{at}:MaxPoolSize: must be at least 1, not {engine.MaxPoolSize}.", failures);
                    ValidatePools(engine, at, failures);
                    break;
                case EngineKinds.ManagedPostgres:
                    ValidateDataDirectory(engine, at, directories, failures);
                    ManagedSettingsValidator.Validate(engine, at, failures);
                    ValidateNice(engine, at, failures);
                    break;
                case EngineKinds.PostgresHa when engine.Members.Count > 0:
                    Ha.Registered.RegisteredMembersValidator.Validate(engine, at, failures);
                    Require(engine.MaxPoolSize >= 1, $"{at}:MaxPoolSize: must be at least 1, not {engine.MaxPoolSize}.", failures);
                    Require(engine.StartTimeout > TimeSpan.Zero, $"{at}:StartTimeout: must be positive, not {engine.StartTimeout}.", failures);
                    ValidatePools(engine, at, failures);
                    break;
                case EngineKinds.PostgresHa:
                    ValidateDataDirectory(engine, at, directories, failures);
                    ValidateReplicated(engine, at, failures);
                    ValidatePools(engine, at, failures);
                    break;
            }
        }

        var defaults = engines.Where(e => e.Default).Select(e => $"'{e.Id}'").ToList();
        Require(defaults.Count <= 1, $"{EngineRegistryOptions.SectionName}: only one engine may be the default, but {string.Join(", ", defaults)} are.", failures);
        return failures;
    }

    private static void ValidateCommon(EngineOptions engine, string at, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(engine.Id))
        {
            failures.Add($"{at}:Id: is required.");
        }
        else if (engine.Id.Length > 63 || !engine.Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
        {
            failures.Add($"{at}:Id: '{engine.Id}' is invalid; use 1–63 characters from a–z, 0–9, '_' and '-'.");
        }

        Require(EngineKinds.All.Contains(engine.Kind),
            $"{at}:Kind: '{engine.Kind}' is not a known engine kind; use one of {string.Join(", ", EngineKinds.All)}.", failures);
        Require(engine.StatementTimeout >= TimeSpan.Zero, $"{at}:StatementTimeout: must not be negative, not {engine.StatementTimeout}.", failures);
    }

    private static void ValidatePools(EngineOptions engine, string at, List<string> failures)
    {
        Require(engine.SharedPoolSize is >= 1 and <= MaxSharedPoolSize,
            $"{at}:SharedPoolSize: must be between 1 and {MaxSharedPoolSize}, not {engine.SharedPoolSize}.", failures);
        ValidateNice(engine, at, failures);
    }

    private static void ValidateNice(EngineOptions engine, string at, List<string> failures) =>
        Require(engine.LowTierNice is >= 0 and <= MaxNice,
            $"{at}:LowTierNice: must be between 0 (off) and {MaxNice}, not {engine.LowTierNice}.", failures);

    private static void ValidateWorkers(EngineOptions engine, string at, List<string> failures)
    {
        Require(engine.WorkerThreads is >= 0 and <= MaxWorkerThreads,
            $"{at}:WorkerThreads: must be between 0 (automatic) and {MaxWorkerThreads}, not {engine.WorkerThreads}.", failures);
        Require(engine.MaxWorkersPerApp >= 0, $"{at}:MaxWorkersPerApp: must not be negative (0 is automatic), not {engine.MaxWorkersPerApp}.", failures);
        Require(engine.WorkerThreads == 0 || engine.MaxWorkersPerApp <= engine.WorkerThreads,
            $"{at}:MaxWorkersPerApp: {engine.MaxWorkersPerApp} is more than the {engine.WorkerThreads} WorkerThreads.", failures);
        Require(engine.MaxQueuedPerApp >= 1, $"{at}:MaxQueuedPerApp: must be at least 1, not {engine.MaxQueuedPerApp}.", failures);
    }

    private static void ValidateReplicated(EngineOptions engine, string at, List<string> failures)
    {
        Require(engine.Replicas is >= 0 and <= Ha.ReplicationGroupOptions.MaxReplicas,
            $"{at}:Replicas: must be between 0 and {Ha.ReplicationGroupOptions.MaxReplicas}, not {engine.Replicas}.", failures);
        Require(engine.MaxPoolSize >= 1, $"{at}:MaxPoolSize: must be at least 1, not {engine.MaxPoolSize}.", failures);
        Require(engine.AutoFallbackInterval >= TimeSpan.Zero,
            $"{at}:AutoFallbackInterval: must not be negative (zero disables auto-fallback), not {engine.AutoFallbackInterval}.", failures);
        foreach (var (member, weight) in engine.MemberWeights ?? [])
        {
            Require(Ha.MemberWeights.IsMemberName(member),
                $"{at}:MemberWeights:{member}: '{member}' is not a member name; members are m0 to m{Ha.ReplicationGroupOptions.MaxReplicas}.", failures);
            Require(double.IsFinite(weight) && weight is >= 0 and <= Health.EngineHealthOptionsValidator.MaxWeight,
                $"{at}:MemberWeights:{member}: must be between 0 and {Health.EngineHealthOptionsValidator.MaxWeight}, not {weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", failures);
        }

        if (engine.Replicas is >= 0 and <= Ha.ReplicationGroupOptions.MaxReplicas && !string.IsNullOrWhiteSpace(engine.DataDirectory))
        {
            // The group's own checks (binaries, ports, timeouts), named as this engine's settings.
            failures.AddRange(Ha.ReplicationGroupOptionsValidator.Validate(Ha.HaEngineSettings.GroupOptions(engine), at)
                .Where(f => !f.StartsWith($"{at}:Name:", StringComparison.Ordinal)));
        }
    }

    private static void ValidateDataDirectory(EngineOptions engine, string at, Dictionary<string, int> directories, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(engine.DataDirectory))
        {
            failures.Add($"{at}:DataDirectory: is required for kind '{engine.Kind}'.");
            return;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(engine.DataDirectory));
        if (!directories.TryAdd(full, directories.Count))
        {
            failures.Add($"{at}:DataDirectory: '{engine.DataDirectory}' is already used by another engine; each engine needs its own data directory.");
        }
    }

    private static void ValidateConnectionString(string? connectionString, string at, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{at}:ConnectionString: is required for kind '{EngineKinds.Postgres}'.");
            return;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            Require(!string.IsNullOrEmpty(builder.Host), $"{at}:ConnectionString: names no Host.", failures);
        }
        catch (ArgumentException e)
        {
            failures.Add($"{at}:ConnectionString: cannot be parsed: {e.Message}");
        }
    }

    internal static void Require(bool condition, string failure, List<string> failures)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
