using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines.Ha.Reads;

namespace Orleans.DynamicDb.Engines;

/// <summary>Registers the engine layer.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEngineRegistry"/> with the engines bound from <c>DynamicDb:Engines</c> of
    /// <paramref name="configuration"/> (when given), then from <paramref name="configure"/>, validated at start-up; and,
    /// the replication groups of <c>postgres-ha</c> engines, started with the host and stopped with it
    /// (<see cref="Ha.HaEngineStartup"/>); and, in a silo, every engine's health watch (<see cref="IEngineGrain"/>, activated at start, fed statement outcomes by
    /// <see cref="Health.EngineOutcomeReporter"/>); and the database mover (a singleton <c>DatabaseMover</c>) that moves a
    /// database between engines.
    /// </summary>
    public static IServiceCollection AddDynamicDbEngines(
        this IServiceCollection services, IConfiguration? configuration = null, Action<EngineRegistryOptions>? configure = null)
    {
        var options = services.AddOptions<EngineRegistryOptions>();
        if (configuration is not null)
        {
            options.Configure(o => configuration.GetSection(EngineRegistryOptions.SectionName).Bind(o.Engines));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineRegistryOptions>, EngineOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<EngineMetrics>();
        services.TryAddSingleton<IEngineRegistry, EngineRegistry>();
        services.TryAddSingleton<Switching.Moving.DatabaseMover>();
        services.TryAddSingleton<Health.EngineHealthMetrics>();
        services.TryAddSingleton<Ha.AutoScale.AutoScaleMetrics>();
        services.TryAddSingleton<Health.EngineOutcomeReporter>();
        services.AddTierRouting(configuration);
        services.AddHostedService<Ha.HaEngineStartup>();
        services.AddHostedService<Health.EngineHealthStartup>();
        return services;
    }
}
