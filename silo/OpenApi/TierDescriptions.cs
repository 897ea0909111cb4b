using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>The query of <c>GET /v1/admin/tiers</c> in the OpenAPI document.</summary>
internal static class TierDescriptions
{
    /// <summary>Adds the parameter <c>engine</c>.</summary>
    public static RouteHandlerBuilder WithTierQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "engine",
                In = ParameterLocation.Query,
                Required = false,
                Description = "Only this engine (a configured engine id); without it, every engine.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });
}
