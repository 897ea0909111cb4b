using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The read side of the admin API over the engine grains (<see cref="IEngineGrain"/>, one per configured engine): the
/// engines' status, a probe round on demand and the merged event stream.
/// </summary>
internal static class EngineEndpoints
{
    private const int MaxShownIdLength = 63;

    /// <summary>
    /// <c>GET /v1/engines</c> → <c>{engines: [...]}</c>, every configured engine in configuration order, each
    /// <c>postgres-ha</c> engine followed by its members (<c>{engine}.{member}</c>, group = the engine id).
    /// </summary>
    public static async Task<IResult> ListAsync(IEngineRegistry registry, IGrainFactory grains, Switching.ISwitchLog switches, CancellationToken cancellationToken)
    {
        var switching = await SwitchingEngines.ReadAsync(switches, cancellationToken).ConfigureAwait(false);
        var statuses = await Task.WhenAll(registry.Engines.Select(async e =>
        {
            var status = await CallAsync(e.Id, () => Grain(grains, e).GetStatusAsync(cancellationToken)).ConfigureAwait(false);
            var members = e.Kind == EngineKinds.PostgresHa
                ? await CallAsync(e.Id, () => Grain(grains, e).GetMembersAsync(cancellationToken)).ConfigureAwait(false)
                : [];
            return (IEnumerable<EngineStatus>)[status, .. members];
        })).ConfigureAwait(false);
        return GatewayJson.Json(new EngineListResponse([.. statuses.SelectMany(s => s).Select(s => EngineStatusResponse.From(switching.Apply(s)))]));
    }

    /// <summary><c>GET /v1/engines/{id}</c> → the engine's status; 404 <c>engine.unknown</c> naming the configured ids.</summary>
    public static async Task<IResult> GetAsync(string id, IEngineRegistry registry, IGrainFactory grains, Switching.ISwitchLog switches, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(id, out var engine))
        {
            // A member of a replication group: '{engine}.{member}'.
            var dot = id.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && registry.TryGet(id[..dot], out var group) && group.Kind == EngineKinds.PostgresHa)
            {
                var members = await CallAsync(group.Id, () => Grain(grains, group).GetMembersAsync(cancellationToken)).ConfigureAwait(false);
                if (members.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase)) is { } member)
                {
                    return GatewayJson.Json(EngineStatusResponse.From(member));
                }
            }

            return Unknown(registry, id);
        }

        var status = await CallAsync(engine.Id, () => Grain(grains, engine).GetStatusAsync(cancellationToken)).ConfigureAwait(false);
        var switching = await SwitchingEngines.ReadAsync(switches, cancellationToken).ConfigureAwait(false);
        return GatewayJson.Json(EngineStatusResponse.From(switching.Apply(status)));
    }

    /// <summary><c>POST /v1/engines/{id}/probe</c> → the engine's status after one probe round run now.</summary>
    public static async Task<IResult> ProbeAsync(string id, IEngineRegistry registry, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(id, out var engine))
        {
            return Unknown(registry, id);
        }

        var status = await CallAsync(engine.Id, () => Grain(grains, engine).ProbeAsync(cancellationToken)).ConfigureAwait(false);
        return GatewayJson.Json(EngineStatusResponse.From(status));
    }

    /// <summary>
    /// <c>GET /v1/engines/events?since=&amp;limit=</c> → <c>{events: [...], next}</c>: the oldest <c>limit</c> (default
    /// 100, at most 1000) events after the cursor <c>since</c>, merged over all engines in time order.
    /// </summary>
    public static async Task<IResult> EventsAsync(HttpContext http, IEngineRegistry registry, IGrainFactory grains)
    {
        var query = EventsQuery.Read(http.Request);
        var cancellationToken = http.RequestAborted;
        var perEngine = await Task.WhenAll(registry.Engines.Select(e =>
            CallAsync(e.Id, () => Grain(grains, e).GetEventsAsync(query.Since.After(e.Id), query.Limit, cancellationToken)))).ConfigureAwait(false);
        var (events, next) = EventPage.Merge(query.Since, perEngine, query.Limit);
        return GatewayJson.Json(new EngineEventsResponse([.. events.Select(EngineEventResponse.Of)], next.ToString()));
    }

    private static IEngineGrain Grain(IGrainFactory grains, IDatabaseEngine engine) => grains.GetGrain<IEngineGrain>(engine.Id);

    /// <summary>Runs a call of <paramref name="engine"/>'s grain; a grain that does not answer in time is <c>engine.unavailable</c>.</summary>
    private static async Task<T> CallAsync<T>(string engine, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new DynamicDbException(
                ErrorCodes.EngineUnavailable, $"The grain of the engine '{engine}' did not answer in time (it may be busy probing). Retry the request.", isTransient: true);
        }
    }

    /// <summary>A 404 <c>engine.unknown</c> problem (the code is a 400 where a request names an engine to use, as create does).</summary>
    private static ProblemResult Unknown(IEngineRegistry registry, string id)
    {
        var shown = id.Length <= MaxShownIdLength ? id : id[..MaxShownIdLength] + "...";
        var known = string.Join(", ", registry.Engines.Select(e => $"'{e.Id}'"));
        return new ProblemResult(new GatewayProblem(
            StatusCodes.Status404NotFound,
            ErrorCodes.EngineUnknown,
            "Unknown engine",
            $"No engine has the id '{shown}'. The configured engines are: {known}.",
            Transient: false));
    }
}
