using System.Globalization;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>One evaluation: the active databases in scope report their load; triggers become switch requests unless a limit holds them.</summary>
internal sealed partial class SwitchPolicyGrain
{
    private async Task EvaluateCoreAsync(CancellationToken cancellationToken)
    {
        if (state.State.Policy is not { Enabled: true } policy)
        {
            return;
        }

        var databases = await catalog.ListAllAsync(cancellationToken);
        int measured = 0, triggered = 0, requested = 0;
        foreach (var db in databases)
        {
            // Never wake a hibernated database to measure it: only active ones are asked.
            if (db.Status != DatabaseStatus.Active || !policy.Watches(db.App))
            {
                continue;
            }

            var key = $"{db.App}/{db.Database}";
            var movedOut = state.State.Out.GetValueOrDefault(key);
            var onTarget = string.Equals(db.Engine, policy.TargetEngine, StringComparison.OrdinalIgnoreCase);
            if (onTarget && (policy.TriggerType != SwitchTriggerTypes.LoadBased || movedOut is null || policy.ScaleDownThreshold is null))
            {
                continue;
            }

            DatabaseLoad load;
            try
            {
                load = await GrainFactory.GetGrain<IDatabaseGrain>(key).GetLoadAsync(policy.Window, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Skip(policy, key, "load_unavailable", e.Message);
                continue;
            }

            measured++;
            if (PolicyTrigger.Decide(policy, db.Engine, load, movedOut) is not { } trigger)
            {
                continue;
            }

            triggered++;
            if (await LimitAsync(db.App, db.Database, cancellationToken) is { } limit)
            {
                Skip(policy, key, limit.Reason, limit.Detail);
                continue;
            }

            if (await RequestAsync(policy, db.App, db.Database, db.Engine, trigger, cancellationToken))
            {
                requested++;
            }
        }

        var now = time.GetUtcNow();
        state.State.Evaluations++;
        state.State.LastEvaluatedAt = now;
        state.State.LastEvaluation = string.Create(CultureInfo.InvariantCulture, $"{measured} databases measured, {triggered} triggered, {requested} switches asked for");
        await state.WriteStateAsync(cancellationToken);
        metrics.Evaluated(_name);
        LogEvaluated(_name, measured, triggered, requested);
    }

    /// <summary>The cooldown of the database, then the hourly cap; null when neither holds the switch back.</summary>
    private async Task<(string Reason, string Detail)?> LimitAsync(string app, string database, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var history = History;
        var ownLast = state.State.Requests.LastOrDefault(r => r.App == app && r.Database == database)?.At;
        var recorded = history is null ? null : await history.LastSwitchOfAsync(app, database, cancellationToken);
        var last = Max(ownLast, recorded);
        var cooldown = TimeSpan.FromSeconds(_options.CooldownSeconds);
        if (last is { } at && now - at < cooldown)
        {
            return ("cooldown", string.Create(CultureInfo.InvariantCulture, $"last switch at {at:O}, cooldown {_options.CooldownSeconds} s"));
        }

        var hourAgo = now - TimeSpan.FromHours(1);
        var count = history is null
            ? state.State.Requests.Count(r => r.At > hourAgo)
            : await history.CountSinceAsync(hourAgo, cancellationToken);
        if (count >= _options.MaxSwitchesPerHour)
        {
            return ("hourly_cap", string.Create(CultureInfo.InvariantCulture, $"{count} switches in the last hour, cap {_options.MaxSwitchesPerHour}"));
        }

        return null;
    }

    /// <summary>Asks for the switch, then persists it; false (a skip, logged and counted) when it could not be asked.</summary>
    private async Task<bool> RequestAsync(SwitchPolicy policy, string app, string database, string engine, PolicyTrigger trigger, CancellationToken cancellationToken)
    {
        var key = $"{app}/{database}";
        if (Requester is not { } requester)
        {
            Skip(policy, key, "no_requester", "no switch requester is registered in this silo");
            return false;
        }

        string switchId;
        try
        {
            switchId = await requester.RequestAsync(new PolicySwitch(app, database, trigger.TargetEngine, policy.Name, trigger.Reason), _options.RequireAdminApproval, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Skip(policy, key, "request_failed", e.Message);
            return false;
        }

        var now = time.GetUtcNow();
        var moved = new MovedDatabase(app, database, engine, trigger.TargetEngine, switchId, now, trigger.Back);
        state.State.Requests.Add(moved);
        if (state.State.Requests.Count > MaxRequestsKept)
        {
            state.State.Requests.RemoveRange(0, state.State.Requests.Count - MaxRequestsKept);
        }

        if (trigger.Back)
        {
            state.State.Out.Remove(key);
        }
        else
        {
            state.State.Out[key] = moved;
        }

        await state.WriteStateAsync(cancellationToken);
        metrics.Switched(policy.Name);
        LogRequested(policy.Name, key, engine, trigger.TargetEngine, switchId, _options.RequireAdminApproval, trigger.Reason);
        Alerts?.Publish(AlertEvent.Critical(
            AlertEvents.PolicySwitch,
            now,
            $"Policy '{policy.Name}' asked to move {key} from '{engine}' to '{trigger.TargetEngine}': {trigger.Reason}.",
            engine,
            app,
            database,
            new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["policy"] = policy.Name,
                ["switch_id"] = switchId,
                ["from_engine"] = engine,
                ["target_engine"] = trigger.TargetEngine,
                ["reason"] = trigger.Reason,
                ["back"] = trigger.Back ? "true" : "false",
                ["pending_approval"] = _options.RequireAdminApproval ? "true" : "false",
            }));
        return true;
    }

    private void Skip(SwitchPolicy policy, string database, string reason, string detail)
    {
        metrics.Skipped(policy.Name, reason);
        LogSkipped(policy.Name, database, reason, detail);
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
