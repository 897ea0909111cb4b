using Orleans.Dashboard;

namespace Orleans.DynamicDb.Silo.Dashboard;

/// <summary>Registers and maps the Orleans Dashboard (<see cref="DashboardSettings"/>).</summary>
public static class DashboardEndpoints
{
    /// <summary>Remembers the settings for <see cref="MapDynamicDbDashboard"/>.</summary>
    public static IServiceCollection AddDynamicDbDashboard(this IServiceCollection services, DashboardSettings settings)
    {
        services.AddSingleton(settings);
        return services;
    }

    /// <summary>
    /// Maps the dashboard when enabled. Like <c>/metrics</c> it answers without authentication: it shows grain types,
    /// silos, call rates and latencies, never SQL, rows or keys; bind the silo to loopback or a private network, or turn
    /// it off with <c>DynamicDb:Dashboard:Enabled=false</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapDynamicDbDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var settings = endpoints.ServiceProvider.GetRequiredService<DashboardSettings>();
        if (settings.Enabled)
        {
            endpoints.MapOrleansDashboard(settings.Path).AllowAnonymous().ExcludeFromDescription();
            endpoints.MapGet(SwitchesPanel.PathFor(settings.Path), () => Results.Content(SwitchesPanel.Html, "text/html; charset=utf-8"))
                .AllowAnonymous().ExcludeFromDescription();
        }

        return endpoints;
    }
}
