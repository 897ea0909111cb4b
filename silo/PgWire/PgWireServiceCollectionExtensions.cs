using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>Registers the PostgreSQL wire frontend.</summary>
internal static class PgWireServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>DynamicDb:PgWire</c> and, unless <c>Enabled</c> is false, listens on its endpoint once the
    /// silo has started (registered after Orleans, so grains are ready when the first client connects).
    /// </summary>
    public static IServiceCollection AddDynamicDbPgWire(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PgWireOptions.SectionName);
        services.AddOptions<PgWireOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PgWireOptions>, PgWireOptionsValidator>());
        services.TryAddSingleton<PgWireMetrics>();
        if (!section.GetValue(nameof(PgWireOptions.Enabled), defaultValue: true))
        {
            return services;
        }

        services.TryAddSingleton<ScramCredentials>();
        services.TryAddSingleton<PgCancellation>();
        services.TryAddSingleton<PgWireServices>();
        services.TryAddSingleton<PgWireListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PgWireListener>());
        return services;
    }
}
