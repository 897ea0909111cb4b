using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>Registers replication groups spread over the silos of a cluster.</summary>
public static class ClusterReplicationServiceCollectionExtensions
{
    /// <summary>
    /// Makes every <c>postgres-ha</c> engine of this silo a group spread over the cluster's silos
    /// (<see cref="ClusterReplicationGroup"/>, decided by <see cref="IReplicationGroupGrain"/>): the settings
    /// <c>DynamicDb:HaCluster</c> (<see cref="ClusterReplicationOptions"/>, validated at start-up) and the placement of
    /// member hosts on the silo their key names (<see cref="SiloPlacement"/>). Call it on every silo of the cluster.
    /// </summary>
    public static IServiceCollection AddClusterReplicationGroups(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClusterReplicationOptions>()
            .Bind(configuration.GetSection(ClusterReplicationOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterReplicationOptions>, ClusterReplicationOptionsValidator>());
        services.AddPlacementDirector<SiloPlacement, SiloPlacementDirector>();
        if (!OperatingSystem.IsWindows())
        {
            services.TryAddSingleton<IReplicationGroupFactory, ClusterReplicationGroupFactory>();
        }

        return services;
    }
}
