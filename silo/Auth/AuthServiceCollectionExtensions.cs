using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>Registers the gateway's authentication: API keys and JWTs from <c>DynamicDb:Auth</c>.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>The authorization policy of every gateway endpoint: an authenticated caller with an app.</summary>
    public const string GatewayPolicy = "DynamicDbApp";

    /// <summary>
    /// The authorization policy of the admin API (<c>/v1/engines</c>): a caller holding an admin key
    /// (<c>DynamicDb:Auth:AdminKeys</c>). App keys and JWTs are authenticated but forbidden (403).
    /// </summary>
    public const string AdminPolicy = "admin";

    /// <summary>
    /// Binds and validates (at start) <see cref="AuthOptions"/>; adds the <see cref="AuthSchemes.Gateway"/> policy scheme
    /// as the default, forwarding to the API-key scheme or to ASP.NET Core's JwtBearer handler (see
    /// <see cref="AuthSchemes.Select"/>), and the <see cref="GatewayPolicy"/> and <see cref="AdminPolicy"/> policies. Needs <c>SiloDataPaths</c> for the
    /// development key.
    /// </summary>
    public static IServiceCollection AddDynamicDbAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyStore>();
        services.AddHostedService<AuthStartup>();

        // The core services only: AddAuthentication() would add data protection, whose key ring the gateway never uses
        // but which would be created (and warned about) in the user's profile at every start. For the same reason the
        // JwtBearer scheme is added here rather than with AddJwtBearer(), and takes its settings only from DynamicDb:Auth:Jwt.
        services.AddAuthenticationCore(o =>
        {
            o.DefaultScheme = AuthSchemes.Gateway;
            o.AddScheme<PolicySchemeHandler>(AuthSchemes.Gateway, displayName: null);
            o.AddScheme<ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, displayName: null);
            o.AddScheme<JwtBearerHandler>(AuthSchemes.Jwt, displayName: null);
        });
        services.AddOptions<PolicySchemeOptions>(AuthSchemes.Gateway).Configure(o => o.ForwardDefaultSelector = AuthSchemes.Select);
        services.AddOptions<AuthenticationSchemeOptions>(AuthSchemes.ApiKey);
        services.AddOptions<JwtBearerOptions>(AuthSchemes.Jwt)
            .Configure<IOptions<AuthOptions>, TimeProvider>((o, auth, time) => JwtSchemeSetup.Configure(o, auth.Value, time));
        services.TryAddSingleton<JwtSchemeEvents>();
        services.TryAddSingleton(UrlEncoder.Default);
        services.TryAddTransient<PolicySchemeHandler>();
        services.TryAddTransient<ApiKeyAuthenticationHandler>();
        services.TryAddTransient<JwtBearerHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicy, policy => policy
                .AddAuthenticationSchemes(AuthSchemes.Gateway)
                .RequireAuthenticatedUser()
                .RequireClaim(AppClaims.App))
            .AddPolicy(AdminPolicy, policy => policy
                .AddAuthenticationSchemes(AuthSchemes.Gateway)
                .RequireAuthenticatedUser()
                .RequireClaim(AppClaims.Credential, AppClaims.AdminCredential));
        return services;
    }
}
