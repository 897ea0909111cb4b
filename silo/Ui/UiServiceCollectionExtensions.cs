using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Auth;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>Registers the product dashboard (<see cref="UiOptions"/>, its session scheme and policy, the engine sampler).</summary>
public static class UiServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (at start) <see cref="UiOptions"/>; adds the session cookie scheme <see cref="UiEndpoints.Scheme"/>
    /// and the <see cref="UiEndpoints.Policy"/> policy (an admin session), and, when enabled, the engine sampler. Call
    /// after <c>AddDynamicDbAuth</c>.
    /// </summary>
    public static IServiceCollection AddDynamicDbUi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UiOptions>().Bind(configuration.GetSection(UiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UiOptions>, UiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UiSessionStore>();
        services.TryAddSingleton<UiAssets>();
        services.TryAddSingleton<EngineHistory>();
        services.TryAddTransient<UiSessionAuthenticationHandler>();
        services.Configure<AuthenticationOptions>(o => o.AddScheme<UiSessionAuthenticationHandler>(UiEndpoints.Scheme, displayName: null));
        services.AddOptions<AuthenticationSchemeOptions>(UiEndpoints.Scheme);
        services.AddAuthorizationBuilder().AddPolicy(UiEndpoints.Policy, policy => policy
            .AddAuthenticationSchemes(UiEndpoints.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(AppClaims.Credential, AppClaims.AdminCredential));
        // An unreadable value is reported by the options validation at start; the sampler is added then, and never runs.
        if (!bool.TryParse(configuration[UiOptions.Setting(nameof(UiOptions.Enabled))], out var enabled) || enabled)
        {
            services.AddHostedService<EngineSampler>();
        }

        return services;
    }
}
