using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Engine switching, the report of an ended switch (also one a restarted silo finished): its outcome row in the audit log
/// (actor: who asked, <c>switch.completed</c> or <c>switch.failed</c> with the state or error code as result) and, for a
/// switch that failed or was rolled back, a critical alert to the webhooks. Neither ever fails the switch: an audit row
/// that cannot be written is logged and counted by the audit log; alerts are queued without waiting.
/// </summary>
internal sealed partial class DatabaseGrain
{
    private async Task ReportSwitchEndedAsync(SwitchRecord final)
    {
        var details = new Dictionary<string, string>
        {
            ["switch_id"] = final.Id,
            ["source"] = final.Source,
            ["target"] = final.Target,
            ["state"] = final.State,
        };
        if (final.WritePauseMs is { } pause)
        {
            details["write_pause_ms"] = pause.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        }

        var completed = final.State == SwitchStates.Completed && final.Error is null;
        var result = completed ? AuditResults.Ok : ErrorCodeOf(final);
        var audit = ServiceProvider.GetService<IAuditLog>();
        if (audit is not null)
        {
            try
            {
                await audit.AppendAsync(new AuditEntry(final.RequestedBy ?? AuditActions.SystemActor, completed ? AuditActions.SwitchCompleted : AuditActions.SwitchFailed, _name.Key, result, details), CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSwitchNotAudited(e, _name.FullName, final.Id);
            }
        }

        if (final.State is SwitchStates.Failed or SwitchStates.RolledBack && ServiceProvider.GetService<IAlertSink>() is { } alerts)
        {
            alerts.Publish(AlertEvent.Critical(
                final.State == SwitchStates.Failed ? AlertEvents.SwitchFailed : AlertEvents.SwitchRolledBack,
                time.GetUtcNow(),
                $"The switch of database '{_name.Key}' from engine '{final.Source}' to '{final.Target}' {(final.State == SwitchStates.Failed ? "failed" : "was rolled back")}: {final.Error}",
                engine: final.Target,
                app: _name.App,
                database: _name.Database,
                details: new Dictionary<string, string?> { ["switch_id"] = final.Id, ["source_engine"] = final.Source, ["target_engine"] = final.Target, ["policy"] = final.Policy, ["state"] = final.State }));
        }
    }

    /// <summary>The error code an ended switch's error starts with (<c>switch.aborted: …</c>), else its state.</summary>
    private static string ErrorCodeOf(SwitchRecord final) =>
        final.Error is { } error && error.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && !error[..colon].Contains(' ', StringComparison.Ordinal)
            ? error[..colon]
            : final.State;

    [LoggerMessage(EventId = EventIds.SwitchNotAudited, Level = LogLevel.Warning,
        Message = "Engine switch outcome not recorded in the audit log database={Database} switch={SwitchId}")]
    private partial void LogSwitchNotAudited(Exception exception, string database, string switchId);
}
