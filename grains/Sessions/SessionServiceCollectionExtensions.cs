using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Sessions;

/// <summary>Registers the session settings (<see cref="SessionOptions"/>, section <c>DynamicDb:Sessions</c>).</summary>
public static class SessionServiceCollectionExtensions
{
    /// <summary>Binds <c>DynamicDb:Sessions</c> and validates it at start-up, with the tier classifier the session grains use (<c>DynamicDb:Tiers</c>).</summary>
    public static IServiceCollection AddDynamicDbSessions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddDynamicDbTiers(configuration);
        return services;
    }
}
