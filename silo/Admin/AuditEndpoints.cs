using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.OpenApi;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary><c>GET /v1/admin/audit</c>: the audit log of administrative actions and its verification; admin keys only.</summary>
public static class AuditEndpoints
{
    /// <summary>The path of the audit log.</summary>
    public const string Path = "/v1/admin/audit";

    /// <summary>Maps <see cref="Path"/> (docs/http-api.md, "Audit log").</summary>
    public static IEndpointRouteBuilder MapDynamicDbAudit(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/v1/admin")
            .RequireAuthorization(AuthServiceCollectionExtensions.AdminPolicy)
            .AddEndpointFilter<ProblemEndpointFilter>()
            .ProducesAdminProblems()
            .MapGet("/audit", ListAsync).Describe<AuditResponse>().WithAuditQuery();
        return endpoints;
    }

    /// <summary>
    /// <c>GET /v1/admin/audit?since=&amp;limit=</c> → <c>{rows, next, chain}</c>: the oldest <c>limit</c> rows after
    /// <c>since</c>, and the verification of the whole chain (<c>{"intact": false, "broken_at": 123, "reason": "hash mismatch"}</c>).
    /// </summary>
    internal static async Task<IResult> ListAsync(HttpContext http, IAuditLog audit)
    {
        var query = AuditQueryReader.Read(http.Request);
        var rows = await audit.ListAsync(query, http.RequestAborted).ConfigureAwait(false);
        var chain = await audit.VerifyAsync(http.RequestAborted).ConfigureAwait(false);
        var next = rows.Count == 0 ? query.Since : rows[^1].Seq;
        return GatewayJson.Json(new AuditResponse(
            [.. rows.Select(AuditRowResponse.Of)],
            next.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AuditChainResponse.Of(chain)));
    }
}
