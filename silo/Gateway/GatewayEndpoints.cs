using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway.Responses;
using Orleans.DynamicDb.Silo.OpenApi;
using Orleans.DynamicDb.Silo.Problems;
using static Orleans.DynamicDb.Silo.OpenApi.RequestBodies;
using static Orleans.DynamicDb.Silo.OpenApi.ResponseBodies;

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
            .AddEndpointFilter<ProblemEndpointFilter>()
            .AddEndpointFilter<Sessions.HttpSessionFilter>()
            .ProducesGatewayProblems();

        group.MapPost("/exec", SqlEndpoints.ExecAsync).Describe<StatementRequest, ExecResponse>().Writes();
        group.MapPost("/query", SqlEndpoints.QueryAsync).Describe<QueryRequest, QueryAnswer>();
        group.MapPost("/transaction", SqlEndpoints.TransactionAsync).Describe<TransactionRequest, TransactionResponse>().Writes();
        group.MapGet("/schema", SqlEndpoints.GetSchemaAsync).Describe<SchemaResponse>().WithDatabaseQuery();
        group.MapPost("/schema", SqlEndpoints.PostSchemaAsync).Describe<DatabaseRequest, SchemaResponse>();
        group.MapPost("/create-table", SqlEndpoints.CreateTableAsync).Describe<CreateTableRequest, RowsAffectedResponse>().Writes();
        group.MapPost("/drop-table", SqlEndpoints.DropTableAsync).Describe<DropTableRequest, RowsAffectedResponse>().Writes();

        group.MapPost("/transactions", TransactionEndpoints.BeginAsync).Describe<OpenTransactionRequest, TransactionOpenedAnswer>(StatusCodes.Status201Created);
        group.MapPost("/transactions/{id}/exec", TransactionEndpoints.ExecAsync).Describe<TransactionStatementRequest, ExecResponse>().Writes();
        group.MapPost("/transactions/{id}/query", TransactionEndpoints.QueryAsync).Describe<TransactionQueryRequest, TransactionQueryAnswer>();
        group.MapPost("/transactions/{id}/commit", TransactionEndpoints.CommitAsync).Describe<TransactionEndedAnswer>();
        group.MapPost("/transactions/{id}/rollback", TransactionEndpoints.RollbackAsync).Describe<TransactionEndedAnswer>();
        group.MapDelete("/transactions/{id}", TransactionEndpoints.RollbackAsync).Describe<TransactionEndedAnswer>();

        group.MapGet("/list", DatabaseEndpoints.ListAsync).Describe<DatabaseListResponse>();
        group.MapPost("/create", DatabaseEndpoints.CreateAsync).Describe<CreateDatabaseRequest, DatabaseInfoResponse>(StatusCodes.Status201Created)
            .Produces<DatabaseInfoResponse>(StatusCodes.Status200OK, "application/json").Writes();
        group.MapGet("/status", DatabaseEndpoints.StatusAsync).Describe<DatabaseInfoResponse>().WithDatabaseQuery();
        group.MapPost("/drop", DatabaseEndpoints.DropAsync).Describe<DropDatabaseRequest, DropDatabaseResponse>().Writes();
        return endpoints;
    }

    /// <summary>Marks an endpoint that writes: a read-only credential is refused with 403 <c>auth.read_only</c> (<see cref="ReadOnlyCallerFilter"/>).</summary>
    private static RouteHandlerBuilder Writes(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter<ReadOnlyCallerFilter>();
}
