using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Auth;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>Registers the HTTP gateway: its options (<c>DynamicDb:Gateway</c>), its services and its authentication.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway and <see cref="AuthServiceCollectionExtensions.AddDynamicDbAuth"/>; settings are validated at
    /// start. Map the routes with <see cref="GatewayEndpoints.MapDynamicDbGateway"/>.
    /// </summary>
    public static IServiceCollection AddDynamicDbGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatabaseGateway>();
        services.TryAddSingleton<Problems.ServerErrorLogThrottle>();
        services.AddDynamicDbAuth(configuration);
        return services;
    }
}
