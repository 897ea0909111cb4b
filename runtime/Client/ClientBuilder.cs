using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>
/// Builds a <see cref="ClusterClient"/>: choose how it finds gateways (<see cref="UseStaticClustering"/>,
/// <see cref="UseRedisClustering"/> or <see cref="UseMembershipTable"/>), adjust options with
/// <see cref="Configure{TOptions}"/>, then <see cref="Build"/> and <see cref="ClusterClient.ConnectAsync"/>.
/// </summary>
public sealed class ClientBuilder
{
    private readonly ServiceCollection _services = new();
    private Func<IServiceProvider, IGatewayListProvider>? _gateways;

    public ClientBuilder()
    {
        _services.AddOptions();
        _services.AddLogging();
    }

    /// <summary>The client's services: logging, options, a <see cref="TimeProvider"/>.</summary>
    public IServiceCollection Services => _services;

    /// <summary>Sends calls to these silo endpoints (each silo is a gateway). A later Use*Clustering call replaces this one.</summary>
    public ClientBuilder UseStaticClustering(params IPEndPoint[] gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        if (gateways.Length == 0 || gateways.Any(g => g is null))
        {
            throw new ArgumentException("Static clustering needs at least one gateway endpoint, and no null ones.", nameof(gateways));
        }

        IReadOnlyList<IPEndPoint> list = [.. gateways.Distinct()];
        _gateways = _ => new StaticGatewayListProvider(list);
        return this;
    }

    /// <summary>
    /// Uses the silos that the cluster's Redis membership table lists as Active as gateways, and reads the table again
    /// every <see cref="ClientOptions.GatewayListRefreshPeriod"/>. The cluster id comes from <see cref="ClusterOptions"/>
    /// (<c>Configure&lt;ClusterOptions&gt;</c>); the options are validated by <see cref="Build"/>.
    /// </summary>
    public ClientBuilder UseRedisClustering(Action<RedisClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _services.Configure(configure);
        _gateways = services =>
        {
            var options = services.GetRequiredService<IOptions<RedisClusteringOptions>>().Value;
            options.ThrowIfInvalid();
            var clusterId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
            if (RedisKeys.ClusterIdProblem(clusterId) is { } problem)
            {
                throw new ArgumentException($"{ClusterOptions.SectionName}:{nameof(ClusterOptions.ClusterId)} {problem}");
            }

            var table = new RedisMembershipTable(options, clusterId, services.GetService<ILogger<RedisMembershipTable>>());
            return new MembershipGatewayListProvider(table, ownsTable: true);
        };
        return this;
    }

    /// <summary>Uses the silos that <paramref name="table"/> lists as Active as gateways (any clustering provider, or tests).</summary>
    public ClientBuilder UseMembershipTable(IMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _gateways = _ => new MembershipGatewayListProvider(table, ownsTable: false);
        return this;
    }

    /// <summary>
    /// Configures options: <see cref="ClientOptions"/>, <see cref="MessagingOptions"/>, <see cref="Transport.TransportOptions"/>,
    /// <see cref="Serialization.WireSerializerOptions"/>, <see cref="ClusterOptions"/> or <see cref="GrainTypeOptions"/>.
    /// </summary>
    public ClientBuilder Configure<TOptions>(Action<TOptions> configure)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        _services.Configure(configure);
        return this;
    }

    /// <summary>Adds or replaces services (logging providers, a <see cref="TimeProvider"/>).</summary>
    public ClientBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_services);
        return this;
    }

    /// <summary>Validates the settings and makes the client; it does not connect yet.</summary>
    public ClusterClient Build()
    {
        var gateways = _gateways ?? throw new InvalidOperationException("The client does not know how to find the cluster: call UseStaticClustering, UseRedisClustering or UseMembershipTable before Build.");
        _services.TryAddSingleton(TimeProvider.System);
        var services = _services.BuildServiceProvider();
        try
        {
            return new ClusterClient(services, gateways(services));
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }
}
