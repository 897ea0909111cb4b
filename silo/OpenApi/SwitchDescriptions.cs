using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.DynamicDb.Silo.Admin;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>Describes the engine switch endpoints (<c>/v1/admin</c>) for the OpenAPI document.</summary>
internal static class SwitchDescriptions
{
    /// <summary>The endpoint reads the history's <c>since</c> and <c>limit</c> from the query string.</summary>
    public static RouteHandlerBuilder WithSwitchHistoryQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "since",
                In = ParameterLocation.Query,
                Required = false,
                Description = "The cursor: 0 (the default) for the start, or the 'next' of an earlier answer (a whole number).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "limit",
                In = ParameterLocation.Query,
                Required = false,
                Description = $"The most switches answered: 1 to {SwitchEndpoints.MaxLimit}, default {SwitchEndpoints.DefaultLimit}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            });
            return Task.CompletedTask;
        });
}
