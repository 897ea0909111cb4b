using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Engine switching, the background task: validate, copy, catch up, cut over (an exclusive turn), post-validate, and
/// switch back or clean up on failure. Each phase is persisted before it is acted on.
/// </summary>
internal sealed partial class DatabaseGrain
{
    private async Task RunSwitchAsync(SwitchRun run)
    {
        SwitchRecord final;
        try
        {
            final = await SwitchCoreAsync(run);
        }
        catch (Exception e)
        {
            final = await FailedAsync(run, e);
        }

        await CloseSwitchResourcesAsync(run);
        final = final with
        {
            Phase = SwitchPhases.Done,
            EndedAt = time.GetUtcNow(),
            DurationMs = (long)time.GetElapsedTime(run.StartedTimestamp).TotalMilliseconds,
            RowsCopied = run.RowsCopied,
            WritePauseMs = run.WritePauseMs,
        };
        try
        {
            final = await SwitchLog.FinishAsync(final, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogSwitchNotRecorded(e, _name.FullName, run.Record.Id, final.State);
        }

        _switch = null;
        SwitchMetrics.Ended(final.State, final.DurationMs ?? 0, run.RowsCopied);
        LogSwitchEnded(_name.FullName, final.Id, final.State, final.Source, final.State == SwitchStates.Completed ? final.Target : final.Source, final.DurationMs ?? 0, final.WritePauseMs ?? 0, final.Error ?? "");
        var result = SwitchResult.From(final);
        run.Done.TrySetResult(result);
        await ReportSwitchEndedAsync(final);
        if (run.Switched)
        {
            await RecordPlacementAsync(CancellationToken.None);
        }
    }

    /// <summary>The switch up to its final record (not yet persisted); throws for a failure before the cut-over.</summary>
    private async Task<SwitchRecord> SwitchCoreAsync(SwitchRun run)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(run.Request.TimeoutSeconds));
        var token = bound.Token;
        try
        {
            if (run.Request.ValidateTarget)
            {
                var engineGrain = GrainFactory.GetGrain<IEngineGrain>(run.Target.Id);
                var health = await engineGrain.GetStatusAsync(token);
                if (health.State == EngineHealthState.Initializing)
                {
                    // Not probed yet (just started or recovering): one round decides.
                    health = await engineGrain.ProbeAsync(token);
                }

                if (health.State != EngineHealthState.Healthy || health.Circuit != CircuitState.Closed)
                {
                    throw new DynamicDbException(ErrorCodes.SwitchRefused, $"Target engine '{run.Target.Id}' is {health.State} with its circuit {health.Circuit}; a switch needs it Healthy with the circuit Closed (or validate_target false).");
                }
            }

            if (await run.Target.ExistsAsync(_name, token))
            {
                // Left by an earlier switch (the old side's data is kept): set aside, never overwritten.
                var movedTo = await run.Target.DropAsync(_name, token);
                LogSwitchTargetSetAside(_name.FullName, run.Record.Id, run.Target.Id, movedTo);
            }

            // The mover plans against an existing (empty) target database.
            run.TargetConnection = await run.Target.OpenAsync(_name, token);
            run.Plan = await OffGrain(() => Mover.PlanAsync(run.Source, run.Target, _name, token));
            await EnterPhaseAsync(run, SwitchPhases.Copying);
            run.Touched = true;
            await OffGrain(() => Mover.StartCaptureAsync(run.Plan, MoveSide.Source, token));
            var copy = await OffGrain(() => Mover.CopyAsync(run.Plan, token, (rows, bytes) => (run.RowsCopied, run.BytesCopied) = (rows, bytes)));
            run.RowsCopied = copy.Rows;
            run.BytesCopied = copy.Bytes;
            run.AppliedSeq = copy.SnapshotSeq;
            await OffGrain(() => Mover.StartCaptureAsync(run.Plan, MoveSide.Target, token));
            await EnterPhaseAsync(run, SwitchPhases.CatchingUp);
            for (var round = 0; round < SwitchOptions.MaxCatchUpRounds; round++)
            {
                var caught = await OffGrain(() => Mover.CatchUpAsync(run.Plan, MoveSide.Source, run.AppliedSeq, null, token));
                run.AppliedSeq = caught.LastSeq;
                if (caught.Remaining <= SwitchOptions.CutOverLag)
                {
                    break;
                }
            }

            await EnterPhaseAsync(run, SwitchPhases.Draining);
            token.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            throw new DynamicDbException(ErrorCodes.SwitchAborted, $"The switch did not reach the cut-over within timeout_seconds {run.Request.TimeoutSeconds} (it was in phase {run.Record.Phase}).");
        }

        // The cut-over: an ordinary grain request to this grain, so it runs alone.
        await this.AsReference<IDatabaseSwitchGrain>().CutOverAsync(run.Record.Id, back: false);
        if (SwitchOptions.HaltAfterPhase == SwitchPhases.Switched)
        {
            await HaltAsync(run);
        }

        return await PostValidateAsync(run);
    }

    /// <summary>Post-validation after the cut-over; a mismatch (or a validation that cannot run) switches back when asked.</summary>
    private async Task<SwitchRecord> PostValidateAsync(SwitchRun run)
    {
        await EnterPhaseAsync(run, SwitchPhases.PostValidating);
        ValidationReport? report = null;
        string? problem;
        try
        {
            if (SwitchHooks.BeforePostValidation is { } hook)
            {
                await hook(run.Record.Id);
            }

            // The source takes no more writes: its current state is the state at the cut-over.
            report = await OffGrain(() => Mover.ValidateAsync(run.Plan!, null, run.TargetSnapshot, CancellationToken.None));
            problem = report.Passed ? null : $"{ErrorCodes.SwitchAborted}: post-validation found differences: {string.Join("; ", report.Mismatches)}";
        }
        catch (Exception e)
        {
            problem = $"{Code(e)}: post-validation could not run: {e.Message}";
        }

        await DisposeSnapshotAsync(run);
        if (problem is null)
        {
            return run.Record with { State = SwitchStates.Completed, Validation = report };
        }

        if (!run.Request.RollbackOnFailure)
        {
            return run.Record with { State = SwitchStates.Completed, Validation = report, Error = problem + " (rollback_on_failure is false: the database stays on the target)" };
        }

        try
        {
            await EnterPhaseAsync(run, SwitchPhases.SwitchingBack);
            await this.AsReference<IDatabaseSwitchGrain>().CutOverAsync(run.Record.Id, back: true);
        }
        catch (Exception e)
        {
            return run.Record with { State = SwitchStates.Failed, Validation = report, Error = $"{problem}; switching back failed, the database stays on engine '{run.Target.Id}': {e.Message}" };
        }

        await StopCaptureQuietlyAsync(run);
        await CloseQuietlyAsync(run.TargetConnection);
        run.TargetConnection = null;
        await SetAsideTargetAsync(run);
        return run.Record with { State = SwitchStates.RolledBack, Validation = report, Error = problem + " (switched back to the source)" };
    }

    /// <summary>A failure before the cut-over: the database never left the source; the target's copy is set aside when asked.</summary>
    private async Task<SwitchRecord> FailedAsync(SwitchRun run, Exception e)
    {
        var error = $"{Code(e)}: {e.Message}";
        LogSwitchFailed(e, _name.FullName, run.Record.Id, run.Record.Phase ?? "?");
        if (run.Switched)
        {
            return run.Record with { State = SwitchStates.Failed, Error = error + $" (after the cut-over: the database is on engine '{run.Target.Id}')" };
        }

        if (!run.Touched)
        {
            // Refused before the copy: the empty target database the plan needed is set aside again.
            if (run.TargetConnection is not null)
            {
                await CloseQuietlyAsync(run.TargetConnection);
                run.TargetConnection = null;
                await SetAsideTargetAsync(run);
            }

            return run.Record with { State = SwitchStates.Failed, Error = error };
        }

        await StopCaptureQuietlyAsync(run);
        await CloseQuietlyAsync(run.TargetConnection);
        run.TargetConnection = null;
        if (!run.Request.RollbackOnFailure)
        {
            return run.Record with { State = SwitchStates.Failed, Error = error + $" (rollback_on_failure is false: the target's copy stays on engine '{run.Target.Id}')" };
        }

        await SetAsideTargetAsync(run);
        return run.Record with { State = SwitchStates.RolledBack, Error = error };
    }

    private async Task EnterPhaseAsync(SwitchRun run, string phase)
    {
        await SwitchLog.UpdatePhaseAsync(run.Record.Id, phase, CancellationToken.None);
        run.Record = run.Record with { Phase = phase };
        LogSwitchPhase(_name.FullName, run.Record.Id, phase, time.GetElapsedTime(run.StartedTimestamp).TotalMilliseconds);
        if (SwitchHooks.PhaseEntered is { } hook)
        {
            await hook(run.Record.Id, phase);
        }

        if (SwitchOptions.HaltAfterPhase == phase)
        {
            await HaltAsync(run);
        }
    }

    /// <summary>Diagnostics (DynamicDb:Switching:HaltAfterPhase): the switch stops here for good, so a test can kill the silo.</summary>
    private Task HaltAsync(SwitchRun run)
    {
        LogSwitchHalted(_name.FullName, run.Record.Id, run.Record.Phase ?? "?");
        return new TaskCompletionSource().Task;
    }

    private async Task SetAsideTargetAsync(SwitchRun run)
    {
        try
        {
            if (await run.Target.ExistsAsync(_name, CancellationToken.None))
            {
                var movedTo = await run.Target.DropAsync(_name, CancellationToken.None);
                LogSwitchTargetSetAside(_name.FullName, run.Record.Id, run.Target.Id, movedTo);
            }
        }
        catch (Exception e)
        {
            LogSwitchCleanupFailed(e, _name.FullName, run.Record.Id, "set the target's copy aside");
        }
    }

    private async Task StopCaptureQuietlyAsync(SwitchRun run)
    {
        if (run.Plan is null)
        {
            return;
        }

        try
        {
            await this.AsReference<IDatabaseSwitchGrain>().StopCaptureAsync(run.Record.Id);
        }
        catch (Exception e)
        {
            LogSwitchCleanupFailed(e, _name.FullName, run.Record.Id, "stop change capture");
        }
    }

    /// <summary>Stops capture on both sides and closes the connection of the side the database left.</summary>
    private async Task CloseSwitchResourcesAsync(SwitchRun run)
    {
        await DisposeSnapshotAsync(run);
        await StopCaptureQuietlyAsync(run);
        await CloseQuietlyAsync(run.Switched ? run.SourceConnection : null);
        if (!run.Switched && run.TargetConnection is not null && !ReferenceEquals(run.TargetConnection, _connection))
        {
            await CloseQuietlyAsync(run.TargetConnection);
        }
    }

    private async Task DisposeSnapshotAsync(SwitchRun run)
    {
        if (run.TargetSnapshot is { } snapshot)
        {
            run.TargetSnapshot = null;
            try
            {
                await snapshot.DisposeAsync();
            }
            catch (Exception e)
            {
                LogSwitchCleanupFailed(e, _name.FullName, run.Record.Id, "release the target's snapshot");
            }
        }
    }

    private async Task CloseQuietlyAsync(IDatabaseConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.CloseAsync(CancellationToken.None);
            await connection.DisposeAsync();
        }
        catch (Exception e)
        {
            LogCloseFailed(_name.FullName, "switch", e);
        }
    }

    private static string Code(Exception e) => e is DynamicDbException d ? d.ErrorCode : ErrorCodes.SwitchAborted;

    /// <summary>
    /// Runs a mover step on the thread pool, not on the activation's scheduler: SQLite's ADO.NET methods complete
    /// synchronously, so a copy or checksum awaited here would otherwise run as one long grain work item and hold every
    /// statement of the database behind it (the bench saw writes stall 1.4 s behind a 100 MB post-validation).
    /// </summary>
    private static Task<T> OffGrain<T>(Func<Task<T>> step) => Task.Run(step);

    private static Task OffGrain(Func<Task> step) => Task.Run(step);
}
