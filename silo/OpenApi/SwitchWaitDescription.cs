using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.DynamicDb.Silo.Admin;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>Describes the switch endpoint's <c>wait</c> query parameter (<see cref="SwitchWaitQuery"/>) for the OpenAPI document.</summary>
internal static class SwitchWaitDescription
{
    /// <summary>Adds <c>wait</c> to the operation's parameters.</summary>
    public static RouteHandlerBuilder WithSwitchWaitQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = SwitchWaitQuery.Parameter,
                In = ParameterLocation.Query,
                Required = false,
                Description = "true (the default): answer once the switch ended; false: answer at once with the switch's id and state 'running' (follow it with GET /v1/admin/switches/{id}).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean },
            });
            return Task.CompletedTask;
        });
}
