using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.OpenApi;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The admin API under <see cref="BasePath"/>: only admin keys (<c>DynamicDb:Auth:AdminKeys</c>) may call it; app keys
/// and JWTs get 403. Failures are answered as problems, as on the gateway.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>The path of the admin API.</summary>
    public const string BasePath = "/v1/engines";

    /// <summary>The path of the admin API's database operations (engine switches).</summary>
    public const string SwitchBasePath = "/v1/admin";

    /// <summary>Maps the engine switch endpoints (docs/switching.md) under <see cref="SwitchBasePath"/>, admin keys only.</summary>
    private static void MapDynamicDbSwitches(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(SwitchBasePath)
            .RequireAuthorization(AuthServiceCollectionExtensions.AdminPolicy)
            .AddEndpointFilter<ProblemEndpointFilter>()
            .ProducesAdminProblems();
        group.MapPost("/databases/{app}/{database}/switch", SwitchEndpoints.SwitchAsync).Describe<SwitchRequestDocument, SwitchResponse>().WithSwitchWaitQuery()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ResponseBodies.Problem), [ProblemWriter.ContentType]));
        group.MapGet("/databases", DatabaseListEndpoint.ListAsync).Describe<DatabaseListResponse>().WithDatabaseListQuery();
        group.MapGet("/databases/{app}/{database}/activity", DatabaseActivityEndpoint.GetAsync).Describe<DatabaseActivityResponse>();
        group.MapGet("/switches", SwitchEndpoints.HistoryAsync).Describe<SwitchHistoryResponse>().WithSwitchHistoryQuery();
        group.MapGet("/switches/{id}", SwitchEndpoints.GetAsync).Describe<SwitchRecordResponse>();
        group.MapPost("/switches/{id}/approve", SwitchEndpoints.ApproveAsync).Describe<SwitchResponse>()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ResponseBodies.Problem), [ProblemWriter.ContentType]));
        group.MapPost("/switches/{id}/reject", SwitchEndpoints.RejectAsync).Describe<SwitchRecordResponse>()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ResponseBodies.Problem), [ProblemWriter.ContentType]));
    }

    /// <summary>Maps the admin API (docs/http-api.md, "Admin API").</summary>
    public static IEndpointRouteBuilder MapDynamicDbAdmin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath)
            .RequireAuthorization(AuthServiceCollectionExtensions.AdminPolicy)
            .AddEndpointFilter<ProblemEndpointFilter>()
            .ProducesAdminProblems();

        group.MapGet("", EngineEndpoints.ListAsync).Describe<EngineListResponse>();
        group.MapPost("", AddMemberEndpoint.AddAsync).Describe<AddMemberRequest, EngineStatusResponse>(StatusCodes.Status201Created)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ResponseBodies.Problem), [ProblemWriter.ContentType]));

        // A literal segment outranks a route parameter, so "events" is never read as an engine id.
        group.MapGet("/events", EngineEndpoints.EventsAsync).Describe<EngineEventsResponse>().WithEventsQuery();
        group.MapGet("/{id}", EngineEndpoints.GetAsync).Describe<EngineStatusResponse>();
        group.MapPost("/{id}/probe", EngineEndpoints.ProbeAsync).Describe<EngineStatusResponse>();
        group.MapPost("/groups/{group}/failover", FailoverEndpoint.FailoverAsync).Describe<FailoverRequest, EngineStatusResponse>();
        group.MapDelete("/groups/{group}/members/{member}", RemoveMemberEndpoint.RemoveAsync).Describe<EngineStatusResponse>()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ResponseBodies.Problem), [ProblemWriter.ContentType]));
        endpoints.MapDynamicDbSwitches();
        endpoints.MapDynamicDbAudit();
        endpoints.MapDynamicDbPolicies();
        endpoints.MapDynamicDbSessions();
        endpoints.MapDynamicDbTiers();
        return endpoints;
    }
}
