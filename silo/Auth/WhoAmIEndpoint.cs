using Microsoft.AspNetCore.Authorization;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.OpenApi;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// <c>GET /v1/whoami</c>: names the app an API key or JWT acts for, or says the caller holds an admin key. Any
/// accepted credential may ask; it reads only the caller's own claims, so it creates, wakes and reveals nothing else.
/// Clients (the <c>dyndb</c> CLI's <c>login</c> and <c>whoami</c>) use it to check a key and show whom it belongs to.
/// </summary>
public static class WhoAmIEndpoint
{
    /// <summary>The route.</summary>
    public const string Path = "/v1/whoami";

    /// <summary>Maps <see cref="Path"/> for any authenticated caller of the gateway's schemes.</summary>
    public static IEndpointRouteBuilder MapDynamicDbWhoAmI(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var anyCaller = new AuthorizationPolicyBuilder(AuthSchemes.Gateway).RequireAuthenticatedUser().Build();
        endpoints.MapGet(Path, Answer)
            .RequireAuthorization(anyCaller)
            .AddEndpointFilter<ProblemEndpointFilter>()
            .ProducesGatewayProblems()
            .Describe<WhoAmIResponse>();
        return endpoints;
    }

    private static IResult Answer(HttpContext http)
    {
        var user = http.User;
        var app = user.FindFirst(AppClaims.App)?.Value;
        var credential = user.FindFirst(AppClaims.Credential)?.Value ?? "unknown";
        return GatewayJson.Json(new WhoAmIResponse(string.IsNullOrEmpty(app) ? null : app, credential, user.GetCredentialId(), user.IsAdmin()));
    }
}
