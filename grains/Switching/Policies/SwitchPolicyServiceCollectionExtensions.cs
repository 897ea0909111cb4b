using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>Registers switching policies (<see cref="SwitchPolicyOptions"/>, section <c>DynamicDb:Switching</c>).</summary>
public static class SwitchPolicyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the policies' settings (validated at start-up: the engines must be registered too, see
    /// <c>AddDynamicDbDatabases</c>), their metrics and the start-up that sets the configured ones on their grains. The
    /// switch side registers <see cref="ISwitchRequester"/> and <see cref="ISwitchHistory"/>.
    /// </summary>
    public static IServiceCollection AddDynamicDbSwitchingPolicies(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SwitchPolicyOptions>().Bind(configuration.GetSection(SwitchPolicyOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SwitchPolicyOptions>, SwitchPolicyOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PolicyMetrics>();
        services.AddHostedService<SwitchPolicyStartup>();
        return services;
    }
}
