using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.DynamicDb.Silo.Admin;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>Describes the admin API (<c>/v1/engines</c>) for the OpenAPI document.</summary>
internal static class AdminDescriptions
{
    /// <summary>The problem statuses every admin endpoint may answer.</summary>
    private static readonly int[] ProblemStatuses =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
        StatusCodes.Status404NotFound, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable,
    ];

    /// <summary>Every endpoint of <paramref name="group"/> may answer a problem with one of <see cref="ProblemStatuses"/>.</summary>
    public static TBuilder ProducesAdminProblems<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in ProblemStatuses)
        {
            group.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ResponseBodies.Problem), [ProblemWriter.ContentType]));
        }

        return group;
    }

    /// <summary>The endpoint reads <c>since</c> and <c>limit</c> from the query string.</summary>
    public static RouteHandlerBuilder WithEventsQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "since",
                In = ParameterLocation.Query,
                Required = false,
                Description = "The cursor: 0 (the default) for the start, or the 'next' of an earlier answer, e.g. pg-main:4,sqlite:12.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "limit",
                In = ParameterLocation.Query,
                Required = false,
                Description = $"The most events answered: 1 to {EventsQuery.MaxLimit}, default {EventsQuery.DefaultLimit}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            });
            return Task.CompletedTask;
        });
}
