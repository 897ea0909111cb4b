using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Tiers;
using SessionOptions = Orleans.DynamicDb.Sessions.SessionOptions;

namespace Orleans.DynamicDb.Silo.Sessions;

/// <summary>
/// This silo's live sessions: opens a <see cref="SessionTracker"/> per connection (and per HTTP client), makes its
/// kill handle, and every <c>DynamicDb:Sessions:ReportInterval</c> sends each tracker with news its batched report —
/// a one-way call, so nothing on a query path ever waits for a session grain.
/// </summary>
internal sealed partial class SessionHub(
    IOptions<SessionOptions> options,
    IServiceProvider services,
    TimeProvider time,
    SessionMetrics metrics,
    TierClassifier classifier,
    ILogger<SessionHub> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, SessionTracker> _trackers = new(StringComparer.Ordinal);
    private readonly Lock _opening = new();
    private readonly Lazy<IGrainFactory> _grains = new(services.GetRequiredService<IGrainFactory>);
    private readonly Lazy<string> _host = new(() => services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString());

    /// <summary>The time now.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The session instruments.</summary>
    public SessionMetrics Metrics { get; } = metrics;

    /// <summary>The settings.</summary>
    public SessionOptions Options => options.Value;

    /// <summary>The sessions this silo holds now.</summary>
    public ICollection<SessionTracker> Trackers => _trackers.Values;

    /// <summary>The tracker of a session this silo holds, or null.</summary>
    public SessionTracker? Find(string id) => _trackers.GetValueOrDefault(id);

    /// <summary>
    /// Opens a session held by this silo and reports it at once. <paramref name="kill"/> is what the connection does when
    /// the session is killed; null when there is nothing to close (the session just ends).
    /// </summary>
    public SessionTracker Open(
        string id, string protocol, string app, string database, string user, IPEndPoint? client, string privilege, string credentialId,
        string? clientSessionId, IReadOnlyDictionary<string, string>? settings, Action<string>? kill)
    {
        var opening = new SessionOpening(id, protocol, app, database, user, client?.Address.ToString() ?? "", client?.Port ?? 0, _host.Value,
            privilege, credentialId, clientSessionId, Now, null);
        // Scored here with the grain's classifier, so the first statement already carries the rule's or the model's tier.
        var tier = classifier.ClassifyOpening(opening, settings).Assignment;
        var tracker = new SessionTracker(this, opening, kill, tier);
        tracker.Opening = opening with { Connection = _grains.Value.CreateObjectReference<ISessionConnection>(tracker) };
        _trackers[id] = tracker;
        Metrics.Opened(protocol);
        Metrics.OpenedInTier(tier.Tier);
        if (settings is not null)
        {
            tracker.Settings(settings);
        }
        else
        {
            ReportNow(tracker);
        }

        return tracker;
    }

    /// <summary>The open tracker of session <paramref name="id"/>, or a new one from <paramref name="open"/> (one at a time, so two first requests share one).</summary>
    public SessionTracker GetOrOpen(string id, Func<SessionTracker> open)
    {
        if (Find(id) is { IsClosed: false } tracker)
        {
            return tracker;
        }

        lock (_opening)
        {
            return Find(id) is { IsClosed: false } again ? again : open();
        }
    }

    /// <summary>Sends <paramref name="tracker"/>'s report now (an open, a setting changed) instead of at the next interval.</summary>
    public void ReportNow(SessionTracker tracker)
    {
        if (tracker.TakeReport(Now, TimeSpan.Zero) is { } report)
        {
            Send(report);
        }
    }

    /// <summary>A tracker closed: its last report, and it leaves the table.</summary>
    internal void Closed(SessionTracker tracker, string reason)
    {
        _trackers.TryRemove(new KeyValuePair<string, SessionTracker>(tracker.Id, tracker));
        Metrics.Closed(tracker.Opening.Protocol);
        Metrics.ClosedInTier(tracker.FinalTier());
        if (tracker.TakeReport(Now, TimeSpan.Zero, reason) is { } report)
        {
            Send(report);
        }

        if (tracker.Opening.Connection is { } handle)
        {
            _grains.Value.DeleteObjectReference<ISessionConnection>(handle);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Options.ReportInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = Now;
                foreach (var tracker in _trackers.Values)
                {
                    if (tracker.Kill is null && now - tracker.LastActiveAt > Options.HttpIdleTimeout)
                    {
                        tracker.Close($"no request for {Options.HttpIdleTimeout} ({SessionOptions.Setting(nameof(SessionOptions.HttpIdleTimeout))})");
                        continue;
                    }

                    if (tracker.TakeReport(now, Options.KeepAliveInterval) is { } report)
                    {
                        Send(report);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private void Send(SessionReport report)
    {
        try
        {
            _grains.Value.GetGrain<ISessionGrain>(report.Opening.Id).ReportAsync(report).Ignore();
        }
        catch (Exception e) when (e is OrleansException or InvalidOperationException or ObjectDisposedException)
        {
            // The silo is stopping, or not started yet: the profile misses this batch.
            LogReportFailed(logger, report.Opening.Id, e.Message);
        }
    }

    [LoggerMessage(EventId = SiloEventIds.SessionReportFailed, Level = LogLevel.Debug,
        Message = "Session {SessionId}: a report could not be sent ({Reason})")]
    private static partial void LogReportFailed(ILogger logger, string sessionId, string reason);
}
