using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Alerts;

/// <summary>Registers webhook alerts (<see cref="AlertOptions"/>, section <c>DynamicDb:Alerts</c>).</summary>
public static class AlertServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="IAlertSink"/>, its webhook sender and the watch of the engines' event streams that turns
    /// failovers into alerts. Settings are validated at start-up.
    /// </summary>
    public static IServiceCollection AddDynamicDbAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AlertMetrics>();
        services.TryAddSingleton<AlertQueue>();
        services.TryAddSingleton<IAlertSink>(sp => sp.GetRequiredService<AlertQueue>());
        services.AddHostedService<WebhookSender>();
        services.AddHostedService<EngineEventAlerts>();
        return services;
    }
}
