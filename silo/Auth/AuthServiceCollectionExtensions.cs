using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>Registers the gateway's authentication: API keys and JWTs from <c>DynamicDb:Auth</c>.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>The authorization policy of every gateway endpoint: an authenticated caller with an app.</summary>
    public const string GatewayPolicy = "DynamicDbApp";

    /// <summary>
    /// Binds and validates (at start) <see cref="AuthOptions"/>, adds the <see cref="DynamicDbAuthenticationHandler.SchemeName"/>
    /// scheme as the default and the <see cref="GatewayPolicy"/> policy. Needs <c>SiloDataPaths</c> for the development key.
    /// </summary>
    public static IServiceCollection AddDynamicDbAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<JwtValidator>();
        services.AddHostedService<AuthStartup>();

        // The core services only: AddAuthentication() would add data protection, whose key ring the gateway never uses
        // but which would be created (and warned about) in the user's profile at every start.
        services.AddAuthenticationCore(o =>
        {
            o.DefaultScheme = DynamicDbAuthenticationHandler.SchemeName;
            o.AddScheme<DynamicDbAuthenticationHandler>(DynamicDbAuthenticationHandler.SchemeName, displayName: null);
        });
        services.AddOptions<AuthenticationSchemeOptions>(DynamicDbAuthenticationHandler.SchemeName);
        services.TryAddSingleton(UrlEncoder.Default);
        services.TryAddTransient<DynamicDbAuthenticationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicy, policy => policy
                .AddAuthenticationSchemes(DynamicDbAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(AppClaims.App));
        return services;
    }
}
