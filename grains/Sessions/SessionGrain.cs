using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Sessions;

/// <summary>
/// A session's connection profile, in memory (a session is as ephemeral as its connection). Reports are merged as
/// they come; while open a liveness timer keeps the activation and closes the session as lost when its silo stops
/// reporting; once closed, a retention timer removes it from the registry after <c>RetainClosedFor</c> and deactivates.
/// Its tier (docs/tiers.md) is classified when it opens and re-scored as reports arrive (SessionGrain.Tiers.cs).
/// </summary>
internal sealed partial class SessionGrain(
    IOptions<SessionOptions> options,
    TierClassifier classifier,
    TierMetrics tierMetrics,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    private readonly SessionOptions _options = options.Value;
    private SessionOpening? _opening;
    private SessionLoadAccumulator _load = null!;
    private IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();
    private DateTimeOffset _lastActiveAt;
    private DateTimeOffset _lastReportAt;
    private DateTimeOffset? _closedAt;
    private string? _closeReason;
    private IGrainTimer? _timer;

    private bool IsOpen => _opening is not null && _closedAt is null;

    public Task ReportAsync(SessionReport report)
    {
        var opened = _opening is null || (_closedAt is not null && report.Opening.OpenedAt > _opening.OpenedAt);
        if (opened)
        {
            // First report, a report after this activation was lost, or the client came back after a close (an HTTP session).
            Open(report.Opening, report.Settings);
        }
        else if (_closedAt is not null)
        {
            // A late report of a connection already closed (killed, or lost): nothing to add.
            return Task.CompletedTask;
        }

        _lastReportAt = time.GetUtcNow();
        _load.Add(report.Load, report.At);
        if (report.LastActiveAt > _lastActiveAt)
        {
            _lastActiveAt = report.LastActiveAt;
        }

        if (report.Settings is not null)
        {
            _settings = report.Settings;
        }

        if (report.ClosedAt is null && !opened)
        {
            Rescore(settingsChanged: report.Settings is not null);
        }

        if (report.ClosedAt is { } closedAt)
        {
            Close(closedAt, report.CloseReason ?? "the client closed the connection");
        }

        return Task.CompletedTask;
    }

    public Task<SessionProfile?> GetAsync()
    {
        return Task.FromResult(_opening is null ? null : Profile());
    }

    private SessionProfile Profile()
    {
        var o = _opening!;
        var now = _closedAt ?? time.GetUtcNow();
        return new SessionProfile(
            o.Id, o.Protocol, IsOpen ? SessionStates.Open : SessionStates.Closed, o.App, o.Database, o.User, o.ClientAddress, o.ClientPort, o.Host,
            o.Privilege, o.CredentialId, o.ClientSessionId, _settings.GetValueOrDefault("application_name"), _settings,
            o.OpenedAt, _lastActiveAt, _closedAt, _closeReason, _load.Snapshot(now, o.OpenedAt), _tiers?.Current);
    }

    public async Task<bool> KillAsync(string reason)
    {
        if (!IsOpen)
        {
            return false;
        }

        var opening = _opening!;
        if (opening.Connection is { } connection)
        {
            try
            {
                await connection.KillAsync(reason);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The silo that held it is gone: so is the connection.
                LogKillUnreachable(logger, opening.Id, opening.Host, e.Message);
            }
        }

        Close(time.GetUtcNow(), $"killed: {reason}");
        LogKilled(logger, opening.Id, opening.App, opening.Database, reason);
        return true;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_opening is { } o && _closedAt is not null)
        {
            GrainFactory.ShardFor(o.Id).RemoveAsync(o.Id).Ignore();
        }

        return Task.CompletedTask;
    }

    private void Open(SessionOpening opening, IReadOnlyDictionary<string, string>? settings)
    {
        _opening = opening;
        _load = new SessionLoadAccumulator(_options.RateWindow);
        _settings = settings ?? new Dictionary<string, string>();
        _lastActiveAt = opening.OpenedAt;
        _closedAt = null;
        _closeReason = null;
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(CheckLivenessAsync, new GrainTimerCreationOptions(_options.KeepAliveInterval, _options.KeepAliveInterval) { KeepAlive = true });
        ClassifyOpened();
        GrainFactory.ShardFor(opening.Id).UpsertAsync(Summary(opening, SessionStates.Open)).Ignore();
        LogOpened(logger, opening.Id, opening.Protocol, opening.App, opening.Database, opening.ClientAddress, opening.Host);
    }

    private void Close(DateTimeOffset at, string reason)
    {
        var opening = _opening!;
        _closedAt = at;
        _closeReason = reason;
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(ForgetAsync, new GrainTimerCreationOptions(_options.RetainClosedFor, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        GrainFactory.ShardFor(opening.Id).UpsertAsync(Summary(opening, SessionStates.Closed)).Ignore();
        LogClosed(logger, opening.Id, opening.App, opening.Database, reason);
    }

    private Task CheckLivenessAsync(CancellationToken cancellationToken)
    {
        var silent = time.GetUtcNow() - _lastReportAt;
        if (IsOpen && silent > 3 * _options.KeepAliveInterval)
        {
            Close(time.GetUtcNow(), $"lost: no report from silo {_opening!.Host} for {silent}");
        }

        return Task.CompletedTask;
    }

    private Task ForgetAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private SessionSummary Summary(SessionOpening o, string state) =>
        new(o.Id, o.Protocol, o.App, o.Database, state, o.Host, o.OpenedAt, _tiers?.Current?.Tier);
}
