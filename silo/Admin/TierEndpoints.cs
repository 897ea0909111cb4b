using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.OpenApi;
using Orleans.DynamicDb.Silo.Problems;
using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// <c>GET /v1/admin/tiers?engine=</c> (docs/tiers.md, "Admission"): this silo's admission control per engine and tier —
/// slots, reserve, in flight, queued and the admitted, queued, throttled and rejected counts, and whether the Low and
/// Background tiers run at lowered CPU priority (<c>low_tier_priority</c>) — and the open sessions of
/// the cluster per tier. Admin keys only.
/// </summary>
internal static class TierEndpoints
{
    private const int RegistryPage = 1000;

    /// <summary>Maps <c>/v1/admin/tiers</c>.</summary>
    public static IEndpointRouteBuilder MapDynamicDbTiers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup(AdminEndpoints.SwitchBasePath + "/tiers")
            .RequireAuthorization(AuthServiceCollectionExtensions.AdminPolicy)
            .AddEndpointFilter<ProblemEndpointFilter>()
            .ProducesAdminProblems()
            .MapGet("", GetAsync).Describe<TierStatusResponse>().WithTierQuery();
        return endpoints;
    }

    public static async Task<IResult> GetAsync(HttpContext http, TierAdmission admission, IEngineRegistry engines, IGrainFactory grains, ILocalSiloDetails silo)
    {
        var only = http.Request.Query["engine"];
        if (only.Count > 1 || (only.Count == 1 && !engines.TryGet(only[0]!, out _)))
        {
            throw new DynamicDbException(ErrorCodes.EngineUnknown,
                $"The engine '{string.Join(",", only.ToArray())}' of the query parameter 'engine' is not configured; the configured engines are: {string.Join(", ", engines.Engines.Select(e => $"'{e.Id}'"))}.");
        }

        // Every configured engine (idle ones too), then any other this silo tracks (e.g. a replication group's member).
        var ids = engines.Engines.Select(e => e.Id).Concat(admission.Status().Select(s => s.Engine)).Distinct(StringComparer.Ordinal)
            .Where(id => only.Count == 0 || string.Equals(id, engines.Get(only[0]!).Id, StringComparison.Ordinal));
        var options = admission.Options;
        return Gateway.GatewayJson.Json(new TierStatusResponse(
            silo.SiloAddress.ToString(), admission.Enabled, options.QueueTimeout.TotalSeconds, options.BackgroundMaxSlots,
            [.. ids.Select(id => EngineTierResponse.From(admission.StatusOf(id),
                engines.TryGet(id, out var engine) && engine is ILowTierPriorityEngine lowTier ? lowTier.LowTierPriorityStatus : null))],
            await CountSessionsAsync(grains).ConfigureAwait(false)));
    }

    /// <summary>The open sessions per tier, paging through the registry; one not classified yet counts as Medium.</summary>
    private static async Task<TierSessionCounts> CountSessionsAsync(IGrainFactory grains)
    {
        var counts = new int[4];
        var filter = new SessionFilter(State: SessionStates.Open);
        string? after = null;
        while (true)
        {
            var page = await grains.ListSessionsAsync(filter, after, RegistryPage).ConfigureAwait(false);
            foreach (var session in page)
            {
                counts[(int)(session.Tier ?? Tier.Medium)]++;
            }

            if (page.Count < RegistryPage)
            {
                return new TierSessionCounts(counts[0], counts[1], counts[2], counts[3]);
            }

            after = page[^1].Id;
        }
    }
}
