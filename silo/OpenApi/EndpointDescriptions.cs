using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>Describes gateway endpoints for the OpenAPI document; the endpoints' behaviour does not depend on it.</summary>
internal static class EndpointDescriptions
{
    /// <summary>The problem statuses every gateway endpoint may answer.</summary>
    private static readonly int[] ProblemStatuses =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound,
        StatusCodes.Status413PayloadTooLarge, StatusCodes.Status500InternalServerError,
        StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout,
    ];

    /// <summary>Every endpoint of <paramref name="group"/> may answer a problem with one of <see cref="ProblemStatuses"/>.</summary>
    public static TBuilder ProducesGatewayProblems<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in ProblemStatuses)
        {
            group.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ResponseBodies.Problem), [ProblemWriter.ContentType]));
        }

        return group;
    }

    /// <summary>
    /// The endpoint takes a JSON <typeparamref name="TRequest"/> and answers a <typeparamref name="TResponse"/>. Its
    /// summary in the document is the handler's XML comment.
    /// </summary>
    public static RouteHandlerBuilder Describe<TRequest, TResponse>(this RouteHandlerBuilder endpoint, int status = StatusCodes.Status200OK)
        where TRequest : notnull =>
        endpoint.Accepts<TRequest>("application/json").Describe<TResponse>(status);

    /// <summary>The endpoint answers a <typeparamref name="TResponse"/> with <paramref name="status"/>.</summary>
    public static RouteHandlerBuilder Describe<TResponse>(this RouteHandlerBuilder endpoint, int status = StatusCodes.Status200OK) =>
        endpoint.Produces<TResponse>(status, "application/json");

    /// <summary>The endpoint names its database in the query string: <c>?database=</c>.</summary>
    public static RouteHandlerBuilder WithDatabaseQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "database",
                In = ParameterLocation.Query,
                Required = true,
                Description = "The database name: a-z, 0-9 and _, 1-63 characters.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });
}
