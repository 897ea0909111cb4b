using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.AutoScale;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Auto-scaling a <c>postgres-ha</c> group's hot standbys (<c>AutoScale:Enabled</c>): the engine's grain is the group's
/// single owner in the cluster, so it alone samples the standbys' load every <see cref="AutoScaleOptions.Interval"/> and
/// decides (<see cref="AutoScaleDecider"/>). Each decision is persisted as an <c>autoscale</c> event, written to the audit
/// log (<c>autoscale.up</c> / <c>autoscale.down</c>, actor <c>system</c>) and published as an alert
/// (<c>engine.scaled_up</c> / <c>engine.scaled_down</c>) before the standby is added or removed; a decision the audit log
/// cannot record is not acted on.
/// </summary>
internal sealed partial class EngineGrain
{
    private const string AutoScaleEvent = "autoscale";
    private const string MemberRemovedEvent = "member_removed";

    private AutoScaleDecider? _decider;
    private int _standbys;

    private AutoScaleMetrics AutoScaleMetrics => ServiceProvider.GetRequiredService<AutoScaleMetrics>();

    public async Task<EngineStatus> RemoveMemberAsync(string member, CancellationToken cancellationToken = default)
    {
        EnsureKnown();
        if (_replicated is not { IsStarted: true } group)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"The engine '{_id}' is of kind '{_engine!.Kind}', not a started {EngineKinds.PostgresHa} replication group; only those have members to remove.");
        }

        var name = MemberName(member);
        await PersistLockedAsync([new Change(MemberRemovedEvent, MemberId(name), null, $"decided: remove the standby {name} from {_id}")], null);
        var started = time.GetTimestamp();
        try
        {
            var movedTo = await group.RemoveMemberAsync(name, cancellationToken);
            await PersistLockedAsync(
                [new Change(MemberRemovedEvent, MemberId(name), null, $"done: {name} stopped, its data moved to '{movedTo}'", Elapsed(started))],
                s => s.AutoScaled = s.AutoScaled.Where(n => n != name).ToList());
            LogMemberRemoved(_id, name, movedTo, Elapsed(started));
        }
        catch (Exception e)
        {
            await PersistLockedAsync([new Change(MemberRemovedEvent, MemberId(name), null, $"failed: {e.Message}", Elapsed(started))], null);
            throw;
        }

        return await StatusAsync(cancellationToken);
    }

    /// <summary>Starts the auto-scaler's timer when the engine has <c>AutoScale:Enabled</c> and its group runs here.</summary>
    private void StartAutoScale()
    {
        if (_engine!.AutoScale is not { Enabled: true } options || _replicated is not { RunsMembers: true })
        {
            return;
        }

        // The group never goes below its configured Replicas (ReplicationGroup.MinimumStandbys).
        _decider = new AutoScaleDecider(options, _engine.Replicas, time);
        this.RegisterGrainTimer(AutoScaleTickAsync, new GrainTimerCreationOptions(options.Interval, options.Interval) { KeepAlive = true, Interleave = true });
    }

    /// <summary>The auto-scaler as the engine's status shows it; null when it is off.</summary>
    private AutoScaleStatus? AutoScaleState()
    {
        if (_decider is null || _replicated is null)
        {
            return null;
        }

        var options = _engine!.AutoScale;
        var loads = _replicated.MemberLoads;
        return new AutoScaleStatus(true, loads.Average, _standbys, _decider.Minimum, options.MaxStandbys, _published.LastAutoScale, _published.LastAutoScaleAt,
            loads.Active, _published.AutoScaled);
    }

    /// <summary>The standbys gauge, from an observation of the group.</summary>
    private void ObserveStandbys(ReplicationGroupStatus observed)
    {
        _standbys = observed.Members.Count(m => m.Role == MemberRole.Standby);
        AutoScaleMetrics.Standbys(_id, _standbys);
    }

    /// <summary>One auto-scaler tick: observe, sample, decide, and act on a decision. Failures are logged; the next tick tries again.</summary>
    private async Task AutoScaleTickAsync(CancellationToken cancellationToken)
    {
        if (_replicated is not { IsStarted: true } group || _decider is null)
        {
            return;
        }

        try
        {
            var observed = await group.GetGroupStatusAsync(cancellationToken);
            ObserveStandbys(observed);
            if (observed.Pending is not null)
            {
                return;
            }

            var loads = await group.SampleMemberLoadsAsync(observed, cancellationToken);
            var standbys = observed.Members.Where(m => m.Role == MemberRole.Standby).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
            var autoAdded = _published.AutoScaled.Where(standbys.Contains).ToList();
            var decision = _decider.Observe(loads.Average, standbys.Count, autoAdded.Count > 0);
            if (decision.Direction == AutoScaleDirection.None)
            {
                return;
            }

            _decider.Acted();
            await ScaleAsync(group, decision, standbys.Count, decision.Direction == AutoScaleDirection.Down ? autoAdded[^1] : null, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogAutoScaleFailed(e, _id);
        }
    }

    /// <summary>Persists, audits and publishes the decision, then adds or removes the standby and persists the outcome.</summary>
    private async Task ScaleAsync(IReplicatedEngine group, AutoScaleDecision decision, int standbys, string? victim, CancellationToken cancellationToken)
    {
        var up = decision.Direction == AutoScaleDirection.Up;
        var what = up ? "add a hot standby" : $"remove the auto-added standby {victim}";
        var decidedAt = time.GetUtcNow();
        var shown = standbys.ToString(CultureInfo.InvariantCulture);
        var next = (up ? standbys + 1 : standbys - 1).ToString(CultureInfo.InvariantCulture);
        await PersistLockedAsync([new Change(AutoScaleEvent, shown, next, $"decided: {what}: {decision.Reason}")],
            s => (s.LastAutoScale, s.LastAutoScaleAt) = ($"{(up ? "up" : "down")}: {what}: {decision.Reason}", decidedAt));
        var details = new Dictionary<string, string> { ["standbys"] = shown, ["to"] = next, ["reason"] = decision.Reason };
        if (victim is not null)
        {
            details["member"] = victim;
        }

        // Recorded before it is acted on: a decision the audit log cannot take is not carried out (the next one may be).
        await audit.AppendAsync(new AuditEntry(AuditActions.SystemActor, up ? AuditActions.AutoScaleUp : AuditActions.AutoScaleDown, _id, AuditResults.Accepted, details), cancellationToken);
        ServiceProvider.GetService<IAlertSink>()?.Publish(new AlertEvent(
            $"{_id}-{_published.LastSequence.ToString(CultureInfo.InvariantCulture)}", up ? AlertEvents.EngineScaledUp : AlertEvents.EngineScaledDown,
            AlertEvent.WarningSeverity, decidedAt, _id, null, null, $"Engine '{_id}' auto-scales: {what} ({decision.Reason}).",
            details.ToDictionary(d => d.Key, d => (string?)d.Value)));
        LogAutoScaleDecided(_id, up ? "up" : "down", what, decision.Reason);
        var started = time.GetTimestamp();
        try
        {
            if (up)
            {
                var added = await group.AddMemberAsync(_engine!.Health.Weight, cancellationToken);
                await PersistLockedAsync([new Change(AutoScaleEvent, shown, next, $"done: added {added.Name} (port {added.Port.ToString(CultureInfo.InvariantCulture)}), streaming synchronously", Elapsed(started))],
                    s => (s.AutoScaled, s.LastAutoScale) = ([.. s.AutoScaled, added.Name], $"up: added {added.Name}: {decision.Reason}"));
                await AuditOutcomeAsync(AuditActions.MemberAdded, AuditResults.Ok, added.Name);
            }
            else
            {
                var movedTo = await group.RemoveMemberAsync(victim!, cancellationToken);
                await PersistLockedAsync([new Change(AutoScaleEvent, shown, next, $"done: removed {victim}, its data moved to '{movedTo}'", Elapsed(started))],
                    s => (s.AutoScaled, s.LastAutoScale) = (s.AutoScaled.Where(n => n != victim).ToList(), $"down: removed {victim}: {decision.Reason}"));
                await AuditOutcomeAsync(AuditActions.MemberRemoved, AuditResults.Ok, victim!);
            }

            AutoScaleMetrics.Scaled(_id, decision.Direction);
        }
        catch (Exception e)
        {
            await PersistLockedAsync([new Change(AutoScaleEvent, shown, shown, $"failed: {e.Message}", Elapsed(started))],
                s => s.LastAutoScale = $"{(up ? "up" : "down")} failed: {e.Message}");
            await AuditOutcomeAsync(up ? AuditActions.MemberAddFailed : AuditActions.MemberRemoveFailed, e is DynamicDbException known ? known.ErrorCode : "error", victim ?? "");
            throw;
        }
    }

    /// <summary>The outcome row of an auto-scaler action; a row that cannot be written is logged and counted by the audit log, and does not undo the action.</summary>
    private async Task AuditOutcomeAsync(string action, string result, string member)
    {
        try
        {
            await audit.AppendAsync(new AuditEntry(AuditActions.SystemActor, action, _id, result, new Dictionary<string, string> { ["member"] = member == "" ? "" : MemberId(member) }));
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.AuditUnavailable)
        {
            // Already logged and counted where it failed.
        }
    }

    /// <summary>A member name from <c>m3</c> or <c>{engine}.m3</c> (ignoring case).</summary>
    private string MemberName(string member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var prefix = _id + ".";
        return (member.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? member[prefix.Length..] : member).ToLowerInvariant();
    }

    [LoggerMessage(EventId = EventIds.EngineMemberRemoved, Level = LogLevel.Information,
        Message = "Engine member removed engine={EngineId} member={Member} moved_to={MovedTo} elapsed_ms={ElapsedMs}")]
    private partial void LogMemberRemoved(string engineId, string member, string movedTo, double elapsedMs);

    [LoggerMessage(EventId = EventIds.AutoScaleDecided, Level = LogLevel.Warning,
        Message = "Engine auto-scales engine={EngineId} direction={Direction} action={Action} reason={Reason}")]
    private partial void LogAutoScaleDecided(string engineId, string direction, string action, string reason);

    [LoggerMessage(EventId = EventIds.AutoScaleFailed, Level = LogLevel.Warning, Message = "Engine auto-scaler tick failed engine={EngineId}; the next tick tries again")]
    private partial void LogAutoScaleFailed(Exception exception, string engineId);
}
