using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.DynamicDb.Client;

/// <summary>Registers <see cref="DynamicDbClient"/> over the host's <see cref="IClusterClient"/>.</summary>
public static class DynamicDbClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DynamicDbClient"/> as a singleton over the host's <see cref="IClusterClient"/>: the silo's own
    /// client when the host runs a silo (<c>AddDynamicDbSilo()</c>; calls stay in the process), or the remote client
    /// that <see cref="DynamicDbClientHostingExtensions.UseDynamicDbClient"/> adds (which calls this).
    /// </summary>
    public static IServiceCollection AddDynamicDbClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new DynamicDbClient(
            provider.GetService<IClusterClient>() ?? throw new InvalidOperationException(
                "DynamicDbClient needs an Orleans cluster client and this host has none: connect to the silos' gateways with "
                + "builder.UseDynamicDbClient() (settings under DynamicDb:Client), or run a silo in the same host with AddDynamicDbSilo().")));
        return services;
    }
}
