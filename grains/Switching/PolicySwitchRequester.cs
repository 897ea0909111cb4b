using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching.Policies;

namespace Orleans.DynamicDb.Switching;

/// <summary>
/// How switching policies ask for a switch in the silo: with approval required, a <see cref="SwitchStates.PendingApproval"/>
/// row in the switch log that expires after <see cref="SwitchingOptions.ApprovalTimeout"/> (an admin runs it with
/// <c>POST /v1/admin/switches/{id}/approve</c>); without, the database grain's switch, started and answered at once (the
/// policy does not wait for its end). Either way the request is recorded in the audit log first with the policy as actor
/// (<c>policy:{name}</c>); a request that cannot be recorded is not made.
/// </summary>
internal sealed class PolicySwitchRequester(
    IGrainFactory grains,
    IDatabaseCatalog catalog,
    ISwitchLog log,
    IAuditLog audit,
    IOptions<SwitchingOptions> options,
    TimeProvider time) : ISwitchRequester
{
    public async Task<string> RequestAsync(PolicySwitch request, bool requireApproval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = DatabaseName.Create(request.App, request.Database);
        var actor = AuditActions.PolicyActor(request.Policy);
        var details = new Dictionary<string, string>
        {
            ["target_engine"] = request.TargetEngine,
            ["policy"] = request.Policy,
            ["reason"] = request.Reason,
            ["approval"] = requireApproval ? "required" : "not required",
        };
        await audit.AppendAsync(new AuditEntry(actor, AuditActions.SwitchRequested, name.Key, AuditResults.Accepted, details), cancellationToken);
        if (!requireApproval)
        {
            var started = await grains.GetGrain<IDatabaseGrain>(name.Key)
                .SwitchEngineAsync(new SwitchRequest(request.TargetEngine, RequestedBy: actor, Policy: request.Policy), cancellationToken);
            return started.Id;
        }

        var entry = await catalog.GetAsync(name.App, name.Database, cancellationToken);
        if (entry is null || entry.Status == DatabaseStatus.Dropped)
        {
            throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"Database '{name.Database}' does not exist in app '{name.App}'.");
        }

        var now = time.GetUtcNow();
        var pending = new SwitchRecord(
            SwitchRecord.NewId(), 0, name.App, name.Database, entry.Engine, request.TargetEngine, SwitchStates.PendingApproval, null,
            actor, request.Policy, now, null, null, now + options.Value.ApprovalTimeout, null, null, null, null, null, null,
            SwitchRequest.DefaultTimeoutSeconds, ValidateTarget: true, RollbackOnFailure: true);
        return (await log.AddPendingAsync(pending, cancellationToken)).Id;
    }
}
