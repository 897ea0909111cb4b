using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>Checks <see cref="DynamicDbClusterOptions"/> when the host starts: a cluster needs shared durable state.</summary>
internal sealed class DynamicDbClusterOptionsValidator : IValidateOptions<DynamicDbClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamicDbClusterOptions options)
    {
        if (options.UsesRedisClustering && !options.UsesPostgres)
        {
            var redis = DynamicDbClusterOptions.Setting(nameof(options.RedisConnectionString));
            var postgres = DynamicDbClusterOptions.Setting(nameof(options.PostgresConnectionString));
            return ValidateOptionsResult.Fail(
                $"{redis} is set but {postgres} is not: a cluster of silos needs grain state, reminders and the catalog in " +
                $"a PostgreSQL database shared by every silo. Set {postgres} (e.g. \"Host=127.0.0.1;Port=5432;Username=dyndb;Database=dyndb\"), " +
                $"or unset {redis} to run one silo alone.");
        }

        return ValidateOptionsResult.Success;
    }
}
