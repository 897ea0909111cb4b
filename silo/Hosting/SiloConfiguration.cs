using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Runtime;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Health;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>Makes a web application a DynamicDb silo: the embedded default of one silo on this machine.</summary>
public static class SiloConfiguration
{
    /// <summary>
    /// Adds one silo with localhost clustering, grain state and reminders in SQLite files under
    /// <c>DynamicDb:DataDirectory</c>, the databases (engines and catalog, <c>DynamicDb:Engines</c>,
    /// <c>DynamicDb:Databases</c>), the HTTP gateway with its authentication (<c>DynamicDb:Gateway</c>,
    /// <c>DynamicDb:Auth</c>), the health checks, the console log format and the default HTTP address
    /// (<c>http://127.0.0.1:8080</c> unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> say otherwise).
    /// The data directory is read from configuration here, as the storage providers need it when they are added;
    /// every setting is validated when the host starts.
    /// </summary>
    public static WebApplicationBuilder AddDynamicDbSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDynamicDbConsoleLogging();
        builder.UseDefaultUrlUnlessConfigured();

        var section = builder.Configuration.GetSection(DynamicDbOptions.SectionName);
        var paths = new SiloDataPaths(section[nameof(DynamicDbOptions.DataDirectory)] ?? DynamicDbOptions.DefaultDataDirectory);
        builder.Services.AddSingleton(paths);
        builder.Services.AddOptions<DynamicDbOptions>()
            .Bind(section)
            .PostConfigure(o => o.DataDirectory = SiloDataPaths.Resolve(o.DataDirectory))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamicDbOptions>, DynamicDbOptionsValidator>());
        builder.Services.AddHostedService<SiloHostLifecycle>();

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddAdoNetGrainStorageAsDefault(o =>
            {
                o.Invariant = AdoNetInvariants.InvariantNameSqlite;
                o.ConnectionString = SiloDataPaths.SqliteConnectionString(paths.GrainStateFile);
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = AdoNetInvariants.InvariantNameSqlite;
                o.ConnectionString = SiloDataPaths.SqliteConnectionString(paths.RemindersFile);
            });
        });

        builder.Services.AddDynamicDbDatabases(builder.Configuration, paths.DataDirectory);
        builder.Services.AddDynamicDbGateway(builder.Configuration);
        builder.Services.AddDynamicDbHealthChecks();
        return builder;
    }
}
