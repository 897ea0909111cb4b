using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Engine switching, crash recovery: a database that wakes with a switch still recorded as running (its silo died, or
/// it was deactivated mid-switch) finishes it before serving. The catalog's engine decides, since it changed in the same
/// transaction as the phase <see cref="SwitchPhases.Switched"/>: still the source → the switch is rolled back (capture
/// stopped, the target's copy set aside); the target → it is completed without post-validation (recorded as
/// "interrupted before post-validation": the target may have taken writes since, so the two sides can no longer be compared).
/// </summary>
internal sealed partial class DatabaseGrain
{
    private async Task RecoverSwitchAsync(DatabaseInfo entry, CancellationToken cancellationToken)
    {
        var running = await SwitchLog.RunningForAsync(_name.App, _name.Database, cancellationToken);
        if (running is null || _switch is not null)
        {
            return;
        }

        if (running.StartedAt is null)
        {
            // Approved but never started: nothing was touched.
            await SwitchLog.FinishAsync(running with { State = SwitchStates.Failed, Phase = SwitchPhases.Done, EndedAt = time.GetUtcNow(), Error = $"{ErrorCodes.SwitchAborted}: interrupted before it started (the silo stopped); nothing was moved" }, cancellationToken);
            return;
        }

        var onTarget = string.Equals(entry.Engine, running.Target, StringComparison.OrdinalIgnoreCase);
        var other = engines.TryGet(onTarget ? running.Source : running.Target, out var o) ? o : null;
        if (other is not null)
        {
            await StopCaptureAfterRestartAsync(running, other, cancellationToken);
        }

        var final = onTarget
            ? running with { State = SwitchStates.Completed, Error = $"{ErrorCodes.SwitchAborted}: interrupted before post-validation (the silo stopped after the cut-over); the database is on the target, not validated" }
            : running with { State = SwitchStates.RolledBack, Error = $"{ErrorCodes.SwitchAborted}: interrupted in phase {running.Phase} (the silo stopped before the cut-over); the database stayed on the source" };
        final = await SwitchLog.FinishAsync(final with { Phase = SwitchPhases.Done, EndedAt = time.GetUtcNow() }, cancellationToken);
        LogSwitchRecovered(_name.FullName, final.Id, final.State, entry.Engine);
    }

    /// <summary>
    /// Removes change capture from the database (open on its current engine) after a restart. The mover plans only against
    /// an empty other side, so the other side's copy is set aside first (moved, never deleted: the pre-switch copy, or
    /// the target's partial copy), an empty database is opened there for the plan, and set aside again afterwards.
    /// </summary>
    private async Task StopCaptureAfterRestartAsync(SwitchRecord running, Engines.IDatabaseEngine other, CancellationToken cancellationToken)
    {
        try
        {
            if (await other.ExistsAsync(_name, cancellationToken))
            {
                LogSwitchTargetSetAside(_name.FullName, running.Id, other.Id, await other.DropAsync(_name, cancellationToken));
            }

            var empty = await other.OpenAsync(_name, cancellationToken);
            try
            {
                var plan = await Mover.PlanAsync(_engine!, other, _name, cancellationToken);
                await Mover.StopCaptureAsync(plan, cancellationToken);
            }
            finally
            {
                await CloseQuietlyAsync(empty);
                await other.DropAsync(_name, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSwitchCleanupFailed(e, _name.FullName, running.Id, "stop change capture after a restart");
        }
    }
}
