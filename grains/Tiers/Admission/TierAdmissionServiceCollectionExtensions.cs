using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>Registers admission control by tier (<see cref="TierAdmission"/>), bound from <see cref="TierAdmissionOptions.SectionName"/>.</summary>
public static class TierAdmissionServiceCollectionExtensions
{
    public static IServiceCollection AddDynamicDbTierAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TierAdmissionOptions>().Bind(configuration.GetSection(TierAdmissionOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TierAdmissionOptions>, TierAdmissionOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<TierAdmissionMetrics>();
        services.TryAddSingleton(sp => new TierAdmission(
            sp.GetRequiredService<IOptions<TierAdmissionOptions>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<TierAdmissionMetrics>(),
            sp.GetRequiredService<ILogger<TierAdmission>>()));
        return services;
    }
}
