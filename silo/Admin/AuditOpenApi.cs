using Microsoft.OpenApi;
using Orleans.DynamicDb.Audit;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The OpenAPI description of the audit log's query parameters.</summary>
internal static class AuditOpenApi
{
    private static readonly (string Name, JsonSchemaType Type, string Description)[] Parameters =
    [
        ("since", JsonSchemaType.Integer, "The sequence number after which rows are answered: 0 (the default) for the start, or the 'next' of an earlier answer."),
        ("limit", JsonSchemaType.Integer, $"The most rows answered: 1 to {AuditQuery.MaxLimit}, default {AuditQuery.DefaultLimit}."),
        ("action", JsonSchemaType.String, "Only rows of this action, e.g. failover.requested."),
        ("actor", JsonSchemaType.String, "Only rows of this actor, e.g. admin:ops or system."),
        ("target", JsonSchemaType.String, "Only rows about this target, e.g. an engine id."),
    ];

    /// <summary>The endpoint reads <c>since</c>, <c>limit</c>, <c>action</c>, <c>actor</c> and <c>target</c> from the query string.</summary>
    public static RouteHandlerBuilder WithAuditQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, type, description) in Parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = description,
                    Schema = new OpenApiSchema { Type = type },
                });
            }

            return Task.CompletedTask;
        });
}
