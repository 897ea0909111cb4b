using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.DynamicDb.Catalog;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>The query of <c>GET /v1/admin/databases</c> in the OpenAPI document.</summary>
internal static class DatabaseListDescriptions
{
    /// <summary>Adds the parameters <c>search</c>, <c>after</c>, <c>limit</c> and <c>status</c>.</summary>
    public static RouteHandlerBuilder WithDatabaseListQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            Add(operation, "search", "Text the key 'app/database' contains, in any case (at most 200 characters).", JsonSchemaType.String);
            Add(operation, "after", "The 'next' of an earlier answer: the page starts after this 'app/database'.", JsonSchemaType.String);
            Add(operation, "limit", $"The most databases answered: 1 to {DatabaseSearch.MaxLimit}, default {DatabaseSearch.DefaultLimit}.", JsonSchemaType.Integer);
            Add(operation, "status", "Only databases in this status: active, hibernated or dropped (default: every status but dropped).", JsonSchemaType.String);
            return Task.CompletedTask;
        });

    private static void Add(Microsoft.OpenApi.OpenApiOperation operation, string name, string description, JsonSchemaType type) =>
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = type },
        });
}
