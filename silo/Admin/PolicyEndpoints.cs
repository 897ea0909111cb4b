using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.OpenApi;
using Orleans.DynamicDb.Silo.Problems;
using Orleans.DynamicDb.Switching.Policies;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// Switching policies at run time (admin keys only; docs/switching-policies.md): <c>POST /v1/admin/policies</c> creates
/// or replaces one (the seed's <c>configure_switch_policy</c> shape), <c>GET /v1/admin/policies</c> lists them with what
/// they did, <c>DELETE /v1/admin/policies/{name}</c> removes one. Policies live in their grains' persisted state.
/// </summary>
public static class PolicyEndpoints
{
    /// <summary>The path of the policies.</summary>
    public const string BasePath = "/v1/admin/policies";

    /// <summary>Maps the policy endpoints.</summary>
    public static IEndpointRouteBuilder MapDynamicDbPolicies(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath)
            .RequireAuthorization(AuthServiceCollectionExtensions.AdminPolicy)
            .AddEndpointFilter<ProblemEndpointFilter>()
            .ProducesAdminProblems();
        group.MapPost("", SetAsync).Describe<PolicyRequest, PolicyResponse>();
        group.MapGet("", ListAsync).Describe<PolicyListResponse>();
        group.MapDelete("/{name}", DeleteAsync).Describe<PolicyResponse>();
        return endpoints;
    }

    /// <summary>Creates or replaces a policy; 400 naming the field and value for a bad body.</summary>
    internal static async Task<IResult> SetAsync(HttpContext http, IEngineRegistry registry, IGrainFactory grains)
    {
        SwitchPolicy policy;
        try
        {
            policy = PolicyRequestReader.Read(await ReadBodyAsync(http));
        }
        catch (FormatException e)
        {
            return Invalid(e.Message);
        }

        var errors = SwitchPolicyRules.Validate(policy, [.. registry.Engines.Select(e => e.Id)], f => $"'{PolicyRequestReader.FieldName(f)}'");
        if (errors.Count > 0)
        {
            return Invalid(string.Join(" ", errors));
        }

        var details = new Dictionary<string, string>
        {
            ["operation"] = "set",
            ["trigger_type"] = policy.TriggerType,
            ["target_engine"] = policy.TargetEngine,
            ["enabled"] = policy.Enabled ? "true" : "false",
        };
        if (await AuditTrail.RequestAsync(http, AuditActions.PolicyChanged, policy.Name, details) is { } refused)
        {
            return refused;
        }

        var status = await grains.GetGrain<ISwitchPolicyGrain>(policy.Name).SetAsync(policy, http.RequestAborted);
        await AuditTrail.OutcomeAsync(http, AuditActions.PolicyChanged, policy.Name, AuditResults.Ok, details);
        return GatewayJson.Json(PolicyResponse.From(status.Policy!, status));
    }

    /// <summary>Every policy that is set, by name.</summary>
    internal static async Task<IResult> ListAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var names = await grains.GetGrain<ISwitchPolicyIndexGrain>(ISwitchPolicyIndexGrain.Key).ListAsync(cancellationToken);
        var statuses = await Task.WhenAll(names.Select(n => grains.GetGrain<ISwitchPolicyGrain>(n).GetAsync(cancellationToken)));
        return GatewayJson.Json(new PolicyListResponse([.. statuses.Where(s => s.Policy is not null).Select(s => PolicyResponse.From(s.Policy!, s))]));
    }

    /// <summary>Deletes a policy and answers what it was; 404 <c>policy.not_found</c> when none has the name.</summary>
    internal static async Task<IResult> DeleteAsync(string name, HttpContext http, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!SwitchPolicyRules.IsName(name))
        {
            return Invalid($"'{Shown(name)}' is no policy name: 1 to 64 letters, digits, '_', '-' or '.'.");
        }

        var grain = grains.GetGrain<ISwitchPolicyGrain>(name);
        var status = await grain.GetAsync(cancellationToken);
        var details = new Dictionary<string, string> { ["operation"] = "delete" };
        if (status.Policy is not null && await AuditTrail.RequestAsync(http, AuditActions.PolicyChanged, name, details) is { } refused)
        {
            return refused;
        }

        if (status.Policy is null || !await grain.DeleteAsync(cancellationToken))
        {
            return new ProblemResult(new GatewayProblem(StatusCodes.Status404NotFound, ErrorCodes.PolicyNotFound, "Unknown policy", $"No switching policy is named '{name}'.", Transient: false));
        }

        await AuditTrail.OutcomeAsync(http, AuditActions.PolicyChanged, name, AuditResults.Ok, details);
        return GatewayJson.Json(PolicyResponse.From(status.Policy, status));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > PolicyRequestReader.MaxBodyBytes)
            {
                throw new FormatException($"The body is larger than {PolicyRequestReader.MaxBodyBytes} bytes.");
            }
        }

        return buffer.ToArray();
    }

    private static ProblemResult Invalid(string detail) =>
        new(new GatewayProblem(StatusCodes.Status400BadRequest, ErrorCodes.RequestInvalid, "Invalid policy", detail, Transient: false));

    private static string Shown(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
