using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Alerts;

/// <summary>
/// Turns the engines' failovers into alerts: reads each configured engine's event stream
/// (<see cref="IEngineGrain.GetEventsAsync"/>, the persisted decisions the admin API serves) every
/// <see cref="AlertOptions.EngineEventsInterval"/> from where it last was, and publishes a <c>failover</c> event that ended
/// (<c>done: …</c>) as <see cref="AlertEvents.EngineFailover"/> and one that failed as
/// <see cref="AlertEvents.EngineFailoverFailed"/>. Events before the silo started are not alerted again. The alert id is
/// <c>{engine}-{sequence}</c>: every silo of a cluster reads the same stream, so a receiver dedupes on it. Does nothing
/// without webhooks or outside a silo.
/// </summary>
internal sealed class EngineEventAlerts(
    IServiceProvider services,
    IAlertSink sink,
    IOptions<AlertOptions> options,
    IOptions<EngineRegistryOptions> engines,
    TimeProvider time,
    ILogger<EngineEventAlerts> logger) : BackgroundService
{
    private const int Page = 100;
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Webhooks.Count == 0 || services.GetService<IGrainFactory>() is not { } grains)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.EngineEventsInterval, time);
        try
        {
            do
            {
                foreach (var engine in engines.Value.Engines)
                {
                    await ReadAsync(grains.GetGrain<IEngineGrain>(engine.Id), engine.Id, stoppingToken).ConfigureAwait(false);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReadAsync(IEngineGrain grain, string engineId, CancellationToken cancellationToken)
    {
        try
        {
            var first = !_cursors.TryGetValue(engineId, out var cursor);
            while (true)
            {
                var events = await grain.GetEventsAsync(cursor, Page, cancellationToken).ConfigureAwait(false);
                foreach (var e in events)
                {
                    cursor = e.Sequence;
                    if (!first && ToAlert(e) is { } alert)
                    {
                        sink.Publish(alert);
                    }
                }

                _cursors[engineId] = cursor;
                if (events.Count < Page)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The grain may be starting or its silo gone; the next tick reads from the same cursor.
            AlertLog.EngineEventsFailed(logger, e, engineId);
        }
    }

    /// <summary>The alert for an engine event, or null for events that are not alerted.</summary>
    internal static AlertEvent? ToAlert(EngineEvent e)
    {
        if (e.Type != "failover")
        {
            return null;
        }

        var name = e.Reason.StartsWith("done:", StringComparison.Ordinal) ? AlertEvents.EngineFailover
            : e.Reason.StartsWith("failed:", StringComparison.Ordinal) ? AlertEvents.EngineFailoverFailed
            : null;
        if (name is null)
        {
            return null;
        }

        var details = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["from"] = e.From,
            ["to"] = e.To,
            ["sequence"] = e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["duration_ms"] = e.DurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var message = name == AlertEvents.EngineFailover
            ? $"Engine '{e.Engine}' failed over from {e.From} to {e.To}: {e.Reason}"
            : $"Engine '{e.Engine}' could not fail over from {e.From}: {e.Reason}";
        return new AlertEvent($"{e.Engine}-{e.Sequence}", name, AlertEvent.CriticalSeverity, e.At, e.Engine, null, null, message, details);
    }
}
