using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Engine switching, the cut-over: one exclusive grain turn (writes and reads that arrive wait in the queue, running reads
/// have finished) that applies the last captured tail, holds the target's snapshot, persists the engine change together
/// with the phase in one catalog transaction, and swaps the grain's engine and connection. Open query cursors are closed
/// (reason <c>switch</c>): their next page answers that the cursor is not open. The switch back is the same in reverse.
/// </summary>
internal sealed partial class DatabaseGrain
{
    public async Task<double> CutOverAsync(string switchId, bool back)
    {
        var run = _switch is { } current && current.Record.Id == switchId
            ? current
            : throw new DynamicDbException(ErrorCodes.SwitchNotFound, $"Switch '{switchId}' is not running on database '{_name.Database}'.");
        var plan = run.Plan!;
        var started = time.GetTimestamp();
        await CloseGateAsync("switch", $"database '{_name.Database}' moved to engine '{(back ? run.Source.Id : run.Target.Id)}' (switch {run.Record.Id})");
        try
        {
            return await CutOverGatedAsync(run, plan, back, started);
        }
        finally
        {
            _gate.Open();
        }
    }

    private async Task<double> CutOverGatedAsync(SwitchRun run, MovePlan plan, bool back, long started)
    {
        await CloseAllCursorsAsync("switch");
        if (!back)
        {
            await Mover.EnsureSchemaUnchangedAsync(plan, MoveSide.Source, CancellationToken.None);
            var tail = await Mover.CatchUpAsync(plan, MoveSide.Source, run.AppliedSeq, null, CancellationToken.None);
            run.AppliedSeq = tail.LastSeq;
            if (SwitchHooks.InCutOver is { } hook)
            {
                await hook(run.Record.Id);
            }

            run.TargetSnapshot = await Mover.HoldSnapshotAsync(plan, MoveSide.Target, CancellationToken.None);
            run.Mark = await Mover.LastSeqAsync(plan, MoveSide.Target, CancellationToken.None);
            await PersistPlacementAsync(run, run.Target.Id, SwitchPhases.Switched);
            run.SourceConnection = _connection;
            (_engine, _connection) = (run.Target, run.TargetConnection);
            _info = _info! with { Engine = run.Target.Id, EngineGroup = null, EngineEpoch = null };
            metrics.Moved(run.Source.Id, run.Target.Id);
            run.Switched = true;
            run.Record = run.Record with { Phase = SwitchPhases.Switched };
        }
        else
        {
            // The target's writes after the mark, replayed onto the source in their order.
            await Mover.CatchUpAsync(Mover.Reverse(plan), MoveSide.Source, run.Mark, null, CancellationToken.None);
            await PersistPlacementAsync(run, run.Source.Id, SwitchPhases.SwitchingBack);
            (_engine, _connection) = (run.Source, run.SourceConnection);
            _info = _info! with { Engine = run.Source.Id, EngineGroup = null, EngineEpoch = null };
            metrics.Moved(run.Target.Id, run.Source.Id);
            run.SourceConnection = null;
            run.Switched = false;
        }

        var pause = time.GetElapsedTime(started).TotalMilliseconds;
        run.WritePauseMs += pause;
        SwitchMetrics.WritePause(pause, back ? "back" : "forward");
        LogSwitchCutOver(_name.FullName, run.Record.Id, back ? run.Source.Id : run.Target.Id, pause);
        return pause;
    }

    public async Task<double> StopCaptureAsync(string switchId)
    {
        var run = _switch is { } current && current.Record.Id == switchId
            ? current
            : throw new DynamicDbException(ErrorCodes.SwitchNotFound, $"Switch '{switchId}' is not running on database '{_name.Database}'.");
        if (run.Plan is not { } plan)
        {
            return 0;
        }

        // An exclusive turn with the gate closed: no statement of the database runs on either side while its triggers and
        // change table go.
        var started = time.GetTimestamp();
        await CloseGateAsync("stop_capture", $"the change capture of switch {run.Record.Id} of database '{_name.Database}' was removed");
        try
        {
            await Mover.StopCaptureAsync(plan, CancellationToken.None);
        }
        finally
        {
            _gate.Open();
        }

        var pause = time.GetElapsedTime(started).TotalMilliseconds;
        SwitchMetrics.WritePause(pause, "cleanup");
        return pause;
    }

    /// <summary>
    /// Persists the engine change and the phase in one catalog transaction under this activation's epoch. When the write
    /// fails with an unknown outcome, the catalog is read back: the engine recorded there decides.
    /// </summary>
    private async Task PersistPlacementAsync(SwitchRun run, string engine, string phase)
    {
        bool moved;
        try
        {
            moved = await SwitchLog.SetPlacementAsync(run.Record.Id, _name.App, _name.Database, engine, phase, _epoch, CancellationToken.None);
        }
        catch (DynamicDbException)
        {
            var entry = await catalog.GetAsync(_name.App, _name.Database, CancellationToken.None);
            if (entry is null || !string.Equals(entry.Engine, engine, StringComparison.OrdinalIgnoreCase))
            {
                throw;
            }

            moved = true;
        }

        if (!moved)
        {
            await OnSupersededAsync("switch");
            throw Superseded();
        }
    }
}
