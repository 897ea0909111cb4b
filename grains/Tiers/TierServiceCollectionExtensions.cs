using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Tiers;

/// <summary>Registers the tier classifier (<see cref="TierOptions"/>, section <c>DynamicDb:Tiers</c>).</summary>
public static class TierServiceCollectionExtensions
{
    /// <summary>Binds <c>DynamicDb:Tiers</c>, validates it (and loads a configured model) at start-up, and adds the <see cref="TierClassifier"/>.</summary>
    public static IServiceCollection AddDynamicDbTiers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TierOptions>().Bind(configuration.GetSection(TierOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TierOptions>, TierOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TierModelSource>();
        services.TryAddSingleton<TierMetrics>();
        services.TryAddSingleton<TierClassifier>();
        return services;
    }
}
