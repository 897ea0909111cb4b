using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>Registers grain storage providers, each as a keyed <see cref="IGrainStorage"/> singleton under its name.</summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>Adds an in-memory grain storage provider named <paramref name="name"/> (tests and development).</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage(name));
        return builder;
    }

    /// <summary>Adds an in-memory grain storage provider as the default one (<see cref="ProviderConstants.DefaultStorageProviderName"/>).</summary>
    public static ISiloBuilder AddMemoryGrainStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddMemoryGrainStorage(ProviderConstants.DefaultStorageProviderName);

    /// <summary>
    /// Adds a SQL (SQLite or PostgreSQL) grain storage provider named <paramref name="name"/>. Its options are bound
    /// from the configuration section <c>Orleans:Storage:{name}</c>, then from <paramref name="configure"/>, and are
    /// validated when the host starts.
    /// </summary>
    public static ISiloBuilder AddAdoNetGrainStorage(this ISiloBuilder builder, string name, Action<AdoNetGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<AdoNetGrainStorageOptions>(name)
            .Bind(builder.Configuration.GetSection($"{AdoNetGrainStorageOptions.SectionPrefix}:{name}"))
            .Configure(configure)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdoNetGrainStorageOptions>, AdoNetGrainStorageOptionsValidator>());
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new AdoNetGrainStorage(
            name,
            services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(name),
            services.GetService<TimeProvider>(),
            services.GetService<ILogger<AdoNetGrainStorage>>()));
        return builder;
    }

    /// <summary>Adds a SQL grain storage provider as the default one (<see cref="ProviderConstants.DefaultStorageProviderName"/>).</summary>
    public static ISiloBuilder AddAdoNetGrainStorageAsDefault(this ISiloBuilder builder, Action<AdoNetGrainStorageOptions> configure) =>
        builder.AddAdoNetGrainStorage(ProviderConstants.DefaultStorageProviderName, configure);
}
