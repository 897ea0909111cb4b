using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>
/// Chooses where the cluster's membership table (<see cref="IMembershipTable"/>) and grain directory
/// (<see cref="IGrainDirectory"/>) live, as singletons scoped to <see cref="ClusterOptions.ClusterId"/>, and sets
/// <see cref="ClusterOptions.Mode"/>. A later call replaces an earlier one.
/// </summary>
public static class ClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Keeps membership and the grain directory in Redis, over one shared connection. The options are bound from the
    /// configuration section <c>Orleans:Clustering:Redis</c>, then from <paramref name="configure"/>, and are validated
    /// when the host starts (as is the cluster id, which must fit in a Redis key).
    /// </summary>
    public static ISiloBuilder UseRedisClustering(this ISiloBuilder builder, Action<RedisClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RedisClusteringOptions>().Bind(builder.Configuration.GetSection(RedisClusteringOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisClusteringOptions>, RedisClusteringOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, RedisClusteringOptionsValidator>());
        Replace(builder, ClusteringMode.Redis);
        builder.Services.AddSingleton(services => new RedisConnection(
            services.GetRequiredService<IOptions<RedisClusteringOptions>>().Value,
            Logger<RedisConnection>(services)));
        builder.Services.AddSingleton<IMembershipTable>(services => new RedisMembershipTable(
            services.GetRequiredService<RedisConnection>(),
            ownsConnection: false,
            services.GetRequiredService<IOptions<RedisClusteringOptions>>().Value.KeyPrefix,
            ClusterId(services),
            Logger<RedisMembershipTable>(services)));
        builder.Services.AddSingleton<IGrainDirectory>(services => new RedisGrainDirectory(
            services.GetRequiredService<RedisConnection>(),
            ownsConnection: false,
            services.GetRequiredService<IOptions<RedisClusteringOptions>>().Value.KeyPrefix,
            ClusterId(services),
            Logger<RedisGrainDirectory>(services)));
        return builder;
    }

    /// <summary>
    /// Keeps membership and the grain directory in a SQL database (PostgreSQL by default; SQLite for silos sharing one
    /// machine), in tables created on first use. The options are bound from the configuration section
    /// <c>Orleans:Clustering:AdoNet</c>, then from <paramref name="configure"/>, and are validated when the host starts.
    /// </summary>
    public static ISiloBuilder UseAdoNetClustering(this ISiloBuilder builder, Action<AdoNetClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<AdoNetClusteringOptions>().Bind(builder.Configuration.GetSection(AdoNetClusteringOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdoNetClusteringOptions>, AdoNetClusteringOptionsValidator>());
        Replace(builder, ClusteringMode.AdoNet);
        builder.Services.AddSingleton<IMembershipTable>(services => new AdoNetMembershipTable(
            services.GetRequiredService<IOptions<AdoNetClusteringOptions>>().Value,
            ClusterId(services),
            services.GetService<ILogger<AdoNetMembershipTable>>(),
            services.GetService<TimeProvider>()));
        builder.Services.AddSingleton<IGrainDirectory>(services => new AdoNetGrainDirectory(
            services.GetRequiredService<IOptions<AdoNetClusteringOptions>>().Value,
            ClusterId(services),
            services.GetService<ILogger<AdoNetGrainDirectory>>(),
            services.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>
    /// Uses a membership table and a grain directory in this process's memory (tests): give every silo of an
    /// in-process cluster the same two instances. Sets <see cref="ClusterOptions.ClusterId"/> to the table's.
    /// </summary>
    public static ISiloBuilder UseInMemoryClustering(this ISiloBuilder builder, InMemoryMembershipTable membershipTable, InMemoryGrainDirectory grainDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(membershipTable);
        ArgumentNullException.ThrowIfNull(grainDirectory);
        Replace(builder, ClusteringMode.InMemory);
        builder.Services.Configure<ClusterOptions>(o => o.ClusterId = membershipTable.ClusterId);
        builder.Services.AddSingleton<IMembershipTable>(membershipTable);
        builder.Services.AddSingleton<IGrainDirectory>(grainDirectory);
        return builder;
    }

    private static void Replace(ISiloBuilder builder, ClusteringMode mode)
    {
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.RemoveAll<IGrainDirectory>();
        builder.Services.RemoveAll<RedisConnection>();
        builder.Services.Configure<ClusterOptions>(o => o.Mode = mode);
    }

    private static string ClusterId(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;

    private static ILogger? Logger<T>(IServiceProvider services) => services.GetService<ILogger<T>>();
}
