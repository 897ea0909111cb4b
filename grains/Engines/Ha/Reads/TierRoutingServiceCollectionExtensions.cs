using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>Registers tier routing of <c>postgres-ha</c> reads to hot standbys.</summary>
public static class TierRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TierRoutingOptions"/> from <c>DynamicDb:Tiers:Routing</c> of <paramref name="configuration"/> (when
    /// given), validated at start-up, and its metrics; <see cref="HaEngineStartup"/> applies them to every
    /// <c>postgres-ha</c> engine before it starts.
    /// </summary>
    public static IServiceCollection AddTierRouting(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<TierRoutingOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(TierRoutingOptions.SectionName));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TierRoutingOptions>, TierRoutingOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<TierRoutingMetrics>();
        return services;
    }
}
