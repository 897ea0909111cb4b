using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.DynamicDb.Silo.Admin;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>
/// The OpenAPI document of the gateway at <see cref="DocumentPath"/>: its endpoints, their bodies and answers, the
/// problem type and the two ways to authenticate (X-API-Key, bearer). It names no server, so it holds no address.
/// </summary>
public static class GatewayOpenApi
{
    /// <summary>The path the document is served at, without credential.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The name of the API key scheme (header <c>X-API-Key</c>).</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The name of the bearer scheme (an API key or a JWT in <c>Authorization: Bearer</c>).</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>Adds the document "v1".</summary>
    public static IServiceCollection AddDynamicDbOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        }));

    /// <summary>Maps <see cref="DocumentPath"/>.</summary>
    public static IEndpointRouteBuilder MapDynamicDbOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal));
        return endpoints;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Orleans.DynamicDb gateway",
            Version = "v1",
            Description = "Databases on demand: SQL and lifecycle endpoints under " + GatewayEndpoints.BasePath
                + ", and the admin API under " + AdminEndpoints.BasePath + " and " + AdminEndpoints.SwitchBasePath + " (admin keys only)"
                + ". Every failure is an RFC 9457 problem (application/problem+json) whose 'type' is a stable error code.",
        };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-API-Key",
                Description = "An API key configured for the application (DynamicDb:Auth:ApiKeys), or the development key; "
                    + "on " + AdminEndpoints.BasePath + " an admin key (DynamicDb:Auth:AdminKeys).",
            },
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key, or an HS256 JWT carrying exp and an 'app' claim; on " + AdminEndpoints.BasePath + " an admin key.",
            },
        };

        var requirements = new List<OpenApiSecurityRequirement>
        {
            new() { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
            new() { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
        };
        foreach (var (path, item) in document.Paths)
        {
            if ((path.StartsWith(GatewayEndpoints.BasePath, StringComparison.Ordinal) || path.StartsWith(AdminEndpoints.BasePath, StringComparison.Ordinal)
                || path.StartsWith("/v1/admin/", StringComparison.Ordinal) || path == WhoAmIEndpoint.Path)
                && item.Operations is { } operations)
            {
                foreach (var operation in operations.Values)
                {
                    operation.Security = requirements;
                }
            }
        }
    }
}
