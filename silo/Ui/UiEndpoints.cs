using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Admin;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>
/// The product dashboard (docs/dashboard.md): the page and its files under <see cref="Path"/>, the login, and the JSON
/// calls the page makes under <c>/ui/api</c>, authenticated by the session cookie only (<see cref="Policy"/>). Those calls
/// run the admin API's own handlers, so answers, problems and audit rows are the admin API's.
/// </summary>
public static class UiEndpoints
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/ui";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "dyndb_ui";

    /// <summary>The header carrying the CSRF token on state-changing requests.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The authentication scheme of the session cookie.</summary>
    public const string Scheme = "DynamicDbUi";

    /// <summary>The authorization policy of the dashboard's JSON calls: a live session.</summary>
    public const string Policy = "ui";

    /// <summary>Maps the dashboard when <see cref="UiOptions.Enabled"/>.</summary>
    public static IEndpointRouteBuilder MapDynamicDbUi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<UiOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        var assets = endpoints.ServiceProvider.GetRequiredService<UiAssets>();
        endpoints.MapGet(Path, (HttpContext http) => assets.Serve(http, "index.html")).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(Path + "/{file}", (string file, HttpContext http) => assets.Serve(http, file)).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost(Path + "/login", UiLogin.LoginAsync).AllowAnonymous().AddEndpointFilter<ProblemEndpointFilter>().ExcludeFromDescription();
        endpoints.MapPost(Path + "/logout", UiLogin.LogoutAsync).RequireAuthorization(Policy)
            .AddEndpointFilter<ProblemEndpointFilter>().AddEndpointFilter<UiCsrfFilter>().ExcludeFromDescription();

        var api = endpoints.MapGroup(Path + "/api").RequireAuthorization(Policy).AddEndpointFilter<ProblemEndpointFilter>().ExcludeFromDescription();
        api.MapGet("/session", (HttpContext http, UiSessionStore sessions) =>
            sessions.Find(http.User.FindFirst(UiSessionAuthenticationHandler.SessionClaim)?.Value) is { } session
                ? GatewayJson.Json(UiSessionResponse.Of(session, options.RefreshInterval))
                : Results.Unauthorized());
        api.MapGet("/databases", DatabaseListEndpoint.ListAsync);
        api.MapGet("/engines", EngineEndpoints.ListAsync);
        api.MapGet("/engines/history", (EngineHistory history) => GatewayJson.Json(new EngineHistoryResponse(history.Snapshot())));
        api.MapGet("/engines/events", EngineEndpoints.EventsAsync);
        api.MapGet("/switches", SwitchEndpoints.HistoryAsync);
        api.MapPost("/switches/{id}/approve", SwitchEndpoints.ApproveAsync).AddEndpointFilter<UiCsrfFilter>();
        api.MapPost("/switches/{id}/reject", SwitchEndpoints.RejectAsync).AddEndpointFilter<UiCsrfFilter>();
        api.MapGet("/audit", AuditEndpoints.ListAsync);
        api.MapGet("/sessions", SessionEndpoints.ListAsync);
        api.MapDelete("/sessions/{id}", SessionEndpoints.KillAsync).AddEndpointFilter<UiCsrfFilter>();
        api.MapGet("/tiers", TierEndpoints.GetAsync);
        return endpoints;
    }
}
