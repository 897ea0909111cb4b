using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>The HTTP gateway's routes under <see cref="BasePath"/>, every one authenticated and answering failures as problems.</summary>
public static class GatewayEndpoints
{
    public const string BasePath = "/v1/database";

    /// <summary>Maps the gateway contract (docs/http-api.md).</summary>
    public static IEndpointRouteBuilder MapDynamicDbGateway(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath)
            .RequireAuthorization(AuthServiceCollectionExtensions.GatewayPolicy)
            .AddEndpointFilter<ProblemEndpointFilter>();

        group.MapPost("/exec", SqlEndpoints.ExecAsync);
        group.MapPost("/query", SqlEndpoints.QueryAsync);
        group.MapPost("/transaction", SqlEndpoints.TransactionAsync);
        group.MapGet("/schema", SqlEndpoints.GetSchemaAsync);
        group.MapPost("/schema", SqlEndpoints.PostSchemaAsync);
        group.MapPost("/create-table", SqlEndpoints.CreateTableAsync);
        group.MapPost("/drop-table", SqlEndpoints.DropTableAsync);

        group.MapGet("/list", DatabaseEndpoints.ListAsync);
        group.MapPost("/create", DatabaseEndpoints.CreateAsync);
        group.MapGet("/status", DatabaseEndpoints.StatusAsync);
        group.MapPost("/drop", DatabaseEndpoints.DropAsync);
        return endpoints;
    }
}
