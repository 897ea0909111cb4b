using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>Registers the PostgreSQL wire frontend.</summary>
internal static class PgWireServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>DynamicDb:PgWire</c> and, unless <c>Enabled</c> is false, listens on its endpoint once the
    /// silo has started (registered after Orleans, so grains are ready when the first client connects). A value of
    /// <c>Enabled</c> that is not true or false throws <see cref="OptionsValidationException"/> naming the setting.
    /// </summary>
    public static IServiceCollection AddDynamicDbPgWire(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PgWireOptions.SectionName);
        services.AddOptions<PgWireOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PgWireOptions>, PgWireOptionsValidator>());
        services.TryAddSingleton<PgWireMetrics>();
        var enabledText = section[nameof(PgWireOptions.Enabled)];
        var enabled = true;
        if (!string.IsNullOrWhiteSpace(enabledText) && !bool.TryParse(enabledText, out enabled))
        {
            // Read now, because it decides what is registered: a bad value stops the silo like a failed validation (exit 78).
            throw new OptionsValidationException(PgWireOptions.SectionName, typeof(PgWireOptions),
                [$"{PgWireOptions.Setting(nameof(PgWireOptions.Enabled))} must be true or false; it is '{enabledText}'."]);
        }

        if (!enabled)
        {
            return services;
        }

        services.TryAddSingleton<ScramCredentials>();
        services.TryAddSingleton<PgCancellation>();
        services.TryAddSingleton<PgWireTls>();
        services.TryAddSingleton<PgAppConnections>();
        services.TryAddSingleton<PgWireServices>();
        services.TryAddSingleton<PgWireListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PgWireListener>());
        return services;
    }
}
