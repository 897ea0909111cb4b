using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.Reminders;

namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>Adds a silo to a .NET generic host, in the shape of Orleans' UseOrleans.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Adds a silo to the host and configures it.</summary>
    public static IHostApplicationBuilder UseOrleans(this IHostApplicationBuilder builder, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOrleans(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds a silo to the host and configures it.</summary>
    public static IHostBuilder UseOrleans(this IHostBuilder builder, Action<HostBuilderContext, ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices((context, services) => services.AddOrleans(context.Configuration, silo => configure(context, silo)));
    }

    /// <summary>Adds the silo's services; configuration binds the sections named by each options class.</summary>
    public static IServiceCollection AddOrleans(this IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var silo = new SiloBuilder(services, configuration);
        if (!services.Any(d => d.ServiceType == typeof(Silo)))
        {
            AddCoreServices(silo);
        }

        configure(silo);
        return services;
    }

    /// <summary>Runs one silo on this machine with no cluster to join (the embedded default).</summary>
    public static ISiloBuilder UseLocalhostClustering(this ISiloBuilder builder, string serviceId = "dev", string clusterId = "dev")
    {
        builder.Services.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = serviceId;
            o.ClusterId = clusterId;
            o.Mode = ClusteringMode.Localhost;
        });
        return builder;
    }

    /// <summary>Configures options of the silo, e.g. <c>silo.Configure&lt;GrainCollectionOptions&gt;(o =&gt; ...)</c>.</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configure)
        where TOptions : class
    {
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds a filter that runs around every call any grain of this silo receives.</summary>
    public static ISiloBuilder AddIncomingGrainCallFilter<TFilter>(this ISiloBuilder builder)
        where TFilter : class, IIncomingGrainCallFilter
    {
        builder.Services.AddSingleton<IIncomingGrainCallFilter, TFilter>();
        return builder;
    }

    /// <summary>Adds a filter instance that runs around every call any grain of this silo receives.</summary>
    public static ISiloBuilder AddIncomingGrainCallFilter(this ISiloBuilder builder, IIncomingGrainCallFilter filter)
    {
        builder.Services.AddSingleton(filter);
        return builder;
    }

    /// <summary>Limits grain discovery to these assemblies (default: every loaded assembly and its references).</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, System.Reflection.Assembly assembly)
    {
        builder.Services.Configure<GrainTypeOptions>(o => o.Assemblies.Add(assembly));
        return builder;
    }

    private static void AddCoreServices(SiloBuilder silo)
    {
        var services = silo.Services;
        var configuration = silo.Configuration;
        services.AddOptions<GrainCollectionOptions>().Bind(configuration.GetSection(GrainCollectionOptions.SectionName)).ValidateOnStart();
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.SectionName)).ValidateOnStart();
        services.AddOptions<GrainTypeOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainCollectionOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, RuntimeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var types = sp.GetRequiredService<IOptions<GrainTypeOptions>>().Value;
            var assemblies = types.Assemblies.Count > 0 ? types.Assemblies : GrainTypeManager.DiscoverAssemblies();
            var classes = GrainTypeManager.FindGrainClasses(assemblies).Concat(types.Classes);
            return new GrainTypeManager(classes, sp.GetRequiredService<IOptions<GrainCollectionOptions>>().Value);
        });
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<IClusterClient>(sp => new InProcessClusterClient(sp.GetRequiredService<GrainRuntime>(), sp));
        services.AddOptions<Cluster.EndpointOptions>().Bind(configuration.GetSection(Cluster.EndpointOptions.SectionName));
        services.AddOptions<Cluster.ClusterMembershipOptions>().Bind(configuration.GetSection(Cluster.ClusterMembershipOptions.SectionName));
        services.AddOptions<Transport.TransportOptions>().Bind(configuration.GetSection(Transport.TransportOptions.SectionName));
        services.AddSingleton<Cluster.LocalSiloDetails>();
        services.AddSingleton<Cluster.ClusterSilo>();
        services.AddSingleton<IReminderRanges>(sp => sp.GetRequiredService<Cluster.ClusterSilo>());
        services.AddSingleton<ReminderService>(sp => ActivatorUtilities.CreateInstance<ReminderService>(sp));
        services.AddSingleton<IReminderRegistry>(sp => sp.GetRequiredService<ReminderService>());
        services.AddSingleton<Silo>();
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());
    }
}
