using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Gateway.Requests;
using Orleans.DynamicDb.Silo.OpenApi;
using Orleans.DynamicDb.Silo.Problems;
using Orleans.DynamicDb.Silo.Sessions;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The sessions of the admin API (docs/sessions.md): the registry's listing with filters and paging, one session's
/// profile, and the kill. Admin keys only.
/// </summary>
internal static partial class SessionEndpoints
{
    /// <summary>Maps <c>/v1/admin/sessions</c>.</summary>
    public static IEndpointRouteBuilder MapDynamicDbSessions(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(AdminEndpoints.SwitchBasePath + "/sessions")
            .RequireAuthorization(AuthServiceCollectionExtensions.AdminPolicy)
            .AddEndpointFilter<ProblemEndpointFilter>()
            .ProducesAdminProblems();
        group.MapGet("", ListAsync).Describe<SessionListResponse>().WithSessionListQuery();
        group.MapGet("/{id}", GetAsync).Describe<SessionResponse>();
        group.MapDelete("/{id}", KillAsync).Describe<SessionKillResponse>()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ResponseBodies.Problem), [ProblemWriter.ContentType]));
        return endpoints;
    }

    /// <summary><c>GET /v1/admin/sessions?app=&amp;database=&amp;protocol=&amp;state=&amp;tier=&amp;after=&amp;limit=</c> → a page of profiles in id order.</summary>
    public static async Task<IResult> ListAsync(HttpContext http, IGrainFactory grains)
    {
        var query = SessionListQuery.Read(http.Request);
        var page = await grains.ListSessionsAsync(query.Filter, query.After, query.Limit + 1).ConfigureAwait(false);
        var shown = page.Take(query.Limit).ToList();
        var profiles = await Task.WhenAll(shown.Select(s => grains.GetGrain<ISessionGrain>(s.Id).GetAsync())).ConfigureAwait(false);
        var rows = profiles.OfType<SessionProfile>().Where(p => query.Filter.State is null || p.State == query.Filter.State)
            .Where(p => query.Filter.Tier is null || (p.Tier?.Tier ?? Tiers.Tier.Medium) == query.Filter.Tier).Select(SessionResponse.From).ToList();
        return GatewayJson.Json(new SessionListResponse(rows, page.Count > query.Limit ? shown[^1].Id : null));
    }

    /// <summary><c>GET /v1/admin/sessions/{id}</c> → the profile; 404 <c>session.not_found</c>.</summary>
    public static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        var profile = await grains.GetGrain<ISessionGrain>(Checked(id)).GetAsync().ConfigureAwait(false) ?? throw NotFound(id);
        return GatewayJson.Json(SessionResponse.From(profile));
    }

    /// <summary>
    /// <c>DELETE /v1/admin/sessions/{id}</c> → the silo holding the connection closes it; 404 <c>session.not_found</c>,
    /// 409 <c>session.not_open</c> when it already closed.
    /// </summary>
    public static async Task<IResult> KillAsync(string id, HttpContext http, IGrainFactory grains, ILoggerFactory loggers)
    {
        var grain = grains.GetGrain<ISessionGrain>(Checked(id));
        var before = await grain.GetAsync().ConfigureAwait(false) ?? throw NotFound(id);
        var by = http.User.GetCredentialId();
        LogKillRequested(loggers.CreateLogger(typeof(SessionEndpoints).FullName!), id, before.App, by);
        if (!await grain.KillAsync($"by admin credential {by}").ConfigureAwait(false))
        {
            throw new DynamicDbException(ErrorCodes.SessionNotOpen, $"The session '{id}' is not open (it closed at {before.ClosedAt:O}: {before.CloseReason}).");
        }

        var after = await grain.GetAsync().ConfigureAwait(false);
        return GatewayJson.Json(new SessionKillResponse(true, after is null ? null : SessionResponse.From(after)));
    }

    private static string Checked(string id) => SessionIds.IsValid(id)
        ? id
        : throw JsonFields.Invalid($"The session id must be 1 to {SessionIds.MaxLength} letters, digits, '-', '_', '.' (as listed by GET /v1/admin/sessions); it is '{(id.Length <= 40 ? id : id[..40] + "...")}'.");

    private static DynamicDbException NotFound(string id) => new(ErrorCodes.SessionNotFound, $"No session has the id '{id}' (a closed session is kept for DynamicDb:Sessions:RetainClosedFor, then forgotten).");

    [LoggerMessage(EventId = Hosting.SiloEventIds.SessionKillRequested, Level = LogLevel.Information,
        Message = "Session {SessionId} of app {App}: kill requested by {CredentialId}")]
    private static partial void LogKillRequested(ILogger logger, string sessionId, string app, string credentialId);
}
