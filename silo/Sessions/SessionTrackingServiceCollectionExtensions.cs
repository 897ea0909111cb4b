using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Silo.Sessions;

/// <summary>Registers session tracking on the silo (docs/sessions.md).</summary>
internal static class SessionTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>DynamicDb:Sessions</c>, and adds this silo's <see cref="SessionHub"/> (the connections'
    /// trackers and their batched reports), its <c>dyndb_sessions_*</c> instruments and the gateway's <see cref="HttpSessionFilter"/>.
    /// </summary>
    public static IServiceCollection AddDynamicDbSessionTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDynamicDbSessions(configuration);
        services.AddMetrics();
        services.TryAddSingleton<SessionMetrics>();
        services.TryAddSingleton<SessionHub>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionHub>());
        services.TryAddSingleton<HttpSessionFilter>();
        return services;
    }
}
