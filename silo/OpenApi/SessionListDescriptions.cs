using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.DynamicDb.Silo.Admin;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>The query of <c>GET /v1/admin/sessions</c> in the OpenAPI document.</summary>
internal static class SessionListDescriptions
{
    /// <summary>Adds the parameters <c>app</c>, <c>database</c>, <c>protocol</c>, <c>state</c>, <c>tier</c>, <c>after</c> and <c>limit</c>.</summary>
    public static RouteHandlerBuilder WithSessionListQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            Add(operation, "app", "Only this app's sessions.", JsonSchemaType.String);
            Add(operation, "database", "Only sessions on this database (its name).", JsonSchemaType.String);
            Add(operation, "protocol", "Only sessions of this protocol: pgwire or http.", JsonSchemaType.String);
            Add(operation, "state", "Only sessions in this state: open or closed.", JsonSchemaType.String);
            Add(operation, "tier", "Only sessions of this tier now: High, Medium, Low or Background.", JsonSchemaType.String);
            Add(operation, "after", "The 'next' of an earlier answer: the page starts after this session id.", JsonSchemaType.String);
            Add(operation, "limit", $"The most sessions answered: 1 to {SessionListQuery.MaxLimit}, default {SessionListQuery.DefaultLimit}.", JsonSchemaType.Integer);
            return Task.CompletedTask;
        });

    private static void Add(OpenApiOperation operation, string name, string description, JsonSchemaType type) =>
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = type },
        });
}
