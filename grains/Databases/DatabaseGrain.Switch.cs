using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Engine switching, the entry points: <see cref="SwitchEngineAsync"/> checks the request, records the switch as running
/// and starts it as a background task of the activation (not a grain request, so the long copy blocks no statement);
/// its exclusive steps are grain requests to itself (<see cref="IDatabaseSwitchGrain"/>). docs/switching.md.
/// </summary>
internal sealed partial class DatabaseGrain : IDatabaseSwitchGrain
{
    private SwitchRun? _switch;
    private DatabaseMover? _mover;
    private ISwitchLog? _switchLog;
    private SwitchMetrics? _switchMetrics;
    private SwitchHooks? _switchHooks;
    private SwitchingOptions? _switchOptions;

    private DatabaseMover Mover => _mover ??= ServiceProvider.GetRequiredService<DatabaseMover>();

    private ISwitchLog SwitchLog => _switchLog ??= ServiceProvider.GetRequiredService<ISwitchLog>();

    private SwitchMetrics SwitchMetrics => _switchMetrics ??= ServiceProvider.GetRequiredService<SwitchMetrics>();

    private SwitchHooks SwitchHooks => _switchHooks ??= ServiceProvider.GetRequiredService<SwitchHooks>();

    private SwitchingOptions SwitchOptions => _switchOptions ??= ServiceProvider.GetRequiredService<IOptions<SwitchingOptions>>().Value;

    public async Task<SwitchResult> SwitchEngineAsync(SwitchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"The switch request for database '{_name.Database}' is invalid: {problem}");
        }

        if (_info is null || _engine is null || _connection is null)
        {
            throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"Database '{_name.Database}' does not exist in app '{_name.App}'.");
        }

        if (_switch is not null && _switch.Record.Id != request.SwitchId)
        {
            throw new DynamicDbException(ErrorCodes.SwitchConflict, $"Switch '{_switch.Record.Id}' of database '{_name.Database}' to engine '{_switch.Target.Id}' is running (phase {_switch.Record.Phase}); wait for it to end.");
        }

        if (_switch is not null)
        {
            return Current(_switch);
        }

        if (!engines.TryGet(request.TargetEngine, out var target))
        {
            throw new DynamicDbException(ErrorCodes.EngineUnknown, $"No engine has the id '{Shown(request.TargetEngine)}' ('target_engine'). The configured engines are: {string.Join(", ", engines.Engines.Select(e => $"'{e.Id}' ({e.Kind})"))}.");
        }

        if (string.Equals(target.Id, _engine.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"Database '{_name.Database}' already lives on engine '{_engine.Id}' ('target_engine'); name another engine to move it to.");
        }

        await EnsureCurrentEpochAsync(cancellationToken);
        var now = time.GetUtcNow();
        var record = new SwitchRecord(
            request.SwitchId ?? SwitchRecord.NewId(), 0, _name.App, _name.Database, _engine.Id, target.Id, SwitchStates.Running, SwitchPhases.Validating,
            request.RequestedBy, request.Policy, now, now, null, null, null, null, null, null, null, null,
            request.TimeoutSeconds, request.ValidateTarget, request.RollbackOnFailure);
        if (request.SwitchId is { } approved && await SwitchLog.GetAsync(approved, cancellationToken) is { } pending
            && (pending.App != _name.App || pending.Database != _name.Database || pending.State != SwitchStates.Running || pending.StartedAt is not null))
        {
            throw new DynamicDbException(ErrorCodes.SwitchConflict, $"Switch '{approved}' is not an approved request for database '{_name.Database}' waiting to run (it is {pending.State}, for '{pending.App}/{pending.Database}').");
        }

        record = await SwitchLog.AddAsync(record, cancellationToken);
        var run = new SwitchRun(record, request, _engine, target, time.GetTimestamp());
        _switch = run;
        SwitchMetrics.Started();
        LogSwitchStarted(_name.FullName, record.Id, run.Source.Id, target.Id, request.RequestedBy ?? "?");

        // Started inside this turn, the task runs on the activation's scheduler: its steps interleave with statements
        // between awaits, never in parallel with them.
        _ = RunSwitchAsync(run);
        return Current(run);
    }

    public async Task<SwitchResult> WaitForSwitchAsync(string switchId, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!SwitchRecord.IsId(switchId))
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"'{Shown(switchId)}' is not a switch id (sw_ and 32 hex digits).");
        }

        if (_switch is { } run && run.Record.Id == switchId)
        {
            var bounded = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait;
            await Task.WhenAny(run.Done.Task, Task.Delay(bounded, cancellationToken));
            return run.Done.Task.IsCompletedSuccessfully ? run.Done.Task.Result : Current(run);
        }

        var record = await SwitchLog.GetAsync(switchId, cancellationToken)
            ?? throw new DynamicDbException(ErrorCodes.SwitchNotFound, $"No switch has the id '{switchId}'.");
        return SwitchResult.From(record);
    }

    /// <summary>The switch as it stands (running).</summary>
    private SwitchResult Current(SwitchRun run) =>
        SwitchResult.From(run.Record with { DurationMs = (long)time.GetElapsedTime(run.StartedTimestamp).TotalMilliseconds, RowsCopied = run.RowsCopied, WritePauseMs = run.WritePauseMs }) with
        {
            NewEngine = run.Switched ? run.Target.Id : run.Source.Id,
            BytesCopied = run.BytesCopied,
        };

    /// <summary>Throws <c>switch.conflict</c> while a switch runs (drop waits for it to end).</summary>
    private void ThrowIfSwitching(string operation)
    {
        if (_switch is { } run)
        {
            throw new DynamicDbException(ErrorCodes.SwitchConflict, $"Database '{_name.Database}' cannot be {operation} while switch '{run.Record.Id}' to engine '{run.Target.Id}' runs (phase {run.Record.Phase}).");
        }
    }

    private static string Shown(string? text) => text is null ? "null" : text.Length <= 63 ? text : text[..63] + "...";
}
