using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.DynamicDb.Client;

/// <summary>Registers <see cref="DynamicDbClient"/>.</summary>
public static class DynamicDbClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DynamicDbClient"/> as a singleton over the host's <see cref="IClusterClient"/>. In-process only:
    /// the same host must run a silo (<c>UseOrleans(...)</c>, or <c>AddDynamicDbSilo()</c> for the DynamicDb silo).
    /// </summary>
    public static IServiceCollection AddDynamicDbClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new DynamicDbClient(
            provider.GetService<IClusterClient>() ?? throw new InvalidOperationException(
                "DynamicDbClient is in-process only for now: this host runs no silo, so there is no IClusterClient to wrap. "
                + "Add a silo to the same host with UseOrleans(...) (AddDynamicDbSilo() for the DynamicDb silo), "
                + "or wait for the remote client that comes with clustering.")));
        return services;
    }
}
