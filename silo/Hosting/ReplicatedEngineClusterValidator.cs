using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>
/// Refuses <c>postgres-ha</c> engines in a cluster of silos (Redis clustering): a group's members would have to be spread
/// over the silos, which is not built yet; one silo running every member would make that silo the group's single point of
/// failure. The failure names both settings, and the process exits with 78.
/// </summary>
internal sealed class ReplicatedEngineClusterValidator(IOptions<EngineRegistryOptions> engines) : IValidateOptions<DynamicDbClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamicDbClusterOptions options)
    {
        if (!options.UsesRedisClustering)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = engines.Value.Engines
            .Select((engine, index) => (engine, index))
            .Where(e => string.Equals(e.engine.Kind, EngineKinds.PostgresHa, StringComparison.OrdinalIgnoreCase))
            .Select(e => $"{EngineRegistryOptions.SectionName}:{e.index}:Kind: '{EngineKinds.PostgresHa}' (engine '{e.engine.Id}') cannot run in a cluster of silos " +
                $"({DynamicDbClusterOptions.Setting(nameof(options.RedisConnectionString))} is set): spreading a replication group's members over silos is not supported yet. " +
                $"Run it on a single silo, or use kind '{EngineKinds.Postgres}' with servers you run.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
