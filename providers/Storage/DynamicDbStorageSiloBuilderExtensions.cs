using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.DynamicDb.Providers.Schema;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;

namespace Orleans.DynamicDb.Providers.Storage;

/// <summary>Registers Orleans' ADO.NET grain storage and reminders on the product's SQLite or PostgreSQL schema.</summary>
public static class DynamicDbStorageSiloBuilderExtensions
{
    /// <summary>
    /// Uses Orleans' ADO.NET grain storage as the default storage (<c>[PersistentState("x")]</c> without a provider
    /// name) and Orleans' ADO.NET reminder table, both on the database <see cref="DynamicDbStorageOptions"/> names,
    /// and installs the product's schema there at start-up (<see cref="AddDynamicDbSchema"/>).
    /// </summary>
    public static ISiloBuilder UseDynamicDbAdoNetStorage(this ISiloBuilder builder, Action<DynamicDbStorageOptions>? configure = null) =>
        builder.UseDynamicDbAdoNetStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>As <see cref="UseDynamicDbAdoNetStorage(ISiloBuilder, Action{DynamicDbStorageOptions}?)"/>, with the grain storage registered under <paramref name="storageName"/>.</summary>
    public static ISiloBuilder UseDynamicDbAdoNetStorage(this ISiloBuilder builder, string storageName, Action<DynamicDbStorageOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storageName);
        builder.AddDynamicDbSchema(configure);
        builder.AddAdoNetGrainStorage(storageName, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<IOptions<DynamicDbStorageOptions>>((storage, dynamicDb) =>
        {
            storage.Invariant = DynamicDbStorageConnection.Invariant(dynamicDb.Value);
            storage.ConnectionString = DynamicDbStorageConnection.ConnectionString(dynamicDb.Value);
        }));
        builder.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> options) => options.Configure<IOptions<DynamicDbStorageOptions>>((reminders, dynamicDb) =>
        {
            reminders.Invariant = DynamicDbStorageConnection.Invariant(dynamicDb.Value);
            reminders.ConnectionString = DynamicDbStorageConnection.ConnectionString(dynamicDb.Value);
        }));
        return builder;
    }

    /// <summary>
    /// Binds <see cref="DynamicDbStorageOptions"/> from <see cref="DynamicDbStorageOptions.SectionName"/> (then
    /// <paramref name="configure"/>), validates them at start, and runs <see cref="DynamicDbSchemaInstaller"/> early in
    /// the silo's start. Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    public static ISiloBuilder AddDynamicDbSchema(this ISiloBuilder builder, Action<DynamicDbStorageOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<DynamicDbStorageOptions>();
        if (!builder.Services.Any(d => d.ServiceType == typeof(DynamicDbSchemaInstaller)))
        {
            options.Bind(builder.Configuration.GetSection(DynamicDbStorageOptions.SectionName)).ValidateOnStart();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamicDbStorageOptions>, DynamicDbStorageOptionsValidator>());
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<DynamicDbSchemaInstaller>();
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstallerLifecycleParticipant>();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder;
    }
}
