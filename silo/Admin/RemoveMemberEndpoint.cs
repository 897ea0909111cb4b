using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// <c>DELETE /v1/engines/groups/{group}/members/{member}</c>: removes a standby from a <c>postgres-ha</c> engine's
/// replication group at run time, through its <see cref="IEngineGrain"/> (the layout and <c>synchronous_standby_names</c>
/// first, then the server stops and its data directory is moved aside, never deleted).
/// </summary>
internal static class RemoveMemberEndpoint
{
    /// <summary>
    /// Removes the member and answers the engine's entry after it: 404 <c>engine.unknown</c> for an unknown group or member,
    /// 409 <c>engine.not_replicated</c> for an engine that is no replication group, 409 <c>engine.member_primary</c> for the
    /// primary, 409 <c>engine.group_minimum</c> when the group would have fewer standbys than its <c>Replicas</c>.
    /// </summary>
    public static async Task<IResult> RemoveAsync(string group, string member, HttpContext http, IEngineRegistry registry, IGrainFactory grains)
    {
        if (!registry.TryGet(group, out var engine))
        {
            return Problem(StatusCodes.Status404NotFound, ErrorCodes.EngineUnknown, "Unknown group",
                $"No replication group has the id '{Shown(group)}'. The configured engines are: {string.Join(", ", registry.Engines.Select(e => $"'{e.Id}' ({e.Kind})"))}.");
        }

        if (engine.Kind != EngineKinds.PostgresHa)
        {
            return Problem(StatusCodes.Status409Conflict, "engine.not_replicated", "Not a replication group",
                $"The engine '{engine.Id}' is of kind '{engine.Kind}'; members can be removed only from {EngineKinds.PostgresHa} engines.");
        }

        var details = new Dictionary<string, string> { ["member"] = Shown(member) };
        if (await AuditTrail.RequestAsync(http, AuditActions.MemberRemoveRequested, engine.Id, details) is { } refused)
        {
            return refused;
        }

        try
        {
            var status = await grains.GetGrain<IEngineGrain>(engine.Id).RemoveMemberAsync(member, http.RequestAborted);
            await AuditTrail.OutcomeAsync(http, AuditActions.MemberRemoved, engine.Id, AuditResults.Ok, details);
            return GatewayJson.Json(EngineStatusResponse.From(status), StatusCodes.Status200OK);
        }
        catch (DynamicDbException e) when (e.ErrorCode is ErrorCodes.EngineUnknown or ErrorCodes.EngineMemberPrimary or ErrorCodes.EngineGroupMinimum or ErrorCodes.RequestInvalid)
        {
            await AuditTrail.OutcomeAsync(http, AuditActions.MemberRemoveFailed, engine.Id, e.ErrorCode, details);
            return e.ErrorCode switch
            {
                ErrorCodes.EngineUnknown => Problem(StatusCodes.Status404NotFound, e.ErrorCode, "Unknown member", e.Message),
                ErrorCodes.EngineMemberPrimary => Problem(StatusCodes.Status409Conflict, e.ErrorCode, "Member is the primary", e.Message),
                ErrorCodes.EngineGroupMinimum => Problem(StatusCodes.Status409Conflict, e.ErrorCode, "Replication group at its minimum", e.Message),
                _ => Problem(StatusCodes.Status400BadRequest, e.ErrorCode, "Invalid request", e.Message),
            };
        }
        catch (Exception e)
        {
            await AuditTrail.OutcomeAsync(http, AuditActions.MemberRemoveFailed, engine.Id, e is DynamicDbException known ? known.ErrorCode : "error", details);
            throw;
        }
    }

    private static string Shown(string id) => id.Length <= 63 ? id : id[..63] + "...";

    private static ProblemResult Problem(int status, string type, string title, string detail) =>
        new(new GatewayProblem(status, type, title, detail, Transient: false));
}
