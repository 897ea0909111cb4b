using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.DynamicDb.Errors;
using Orleans.Runtime;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// One configured engine (key: its id): runs the probe rounds on a timer that keeps it awake, hears the statement
/// outcomes database grains report, and decides the engine's health state (<see cref="EngineHealthMachine"/>) and
/// circuit (<see cref="CircuitBreaker"/>). Every decision is persisted, with its events, before it is logged, measured
/// or answered. Reentrant so a slow probe round never holds up status reads and reports; decisions are serialized by a gate.
/// </summary>
[Reentrant]
internal sealed partial class EngineGrain(
    [PersistentState("engine")] IPersistentState<EngineGrainState> state,
    IOptions<EngineRegistryOptions> engines,
    IEngineRegistry registry,
    EngineHealthMetrics metrics,
    Audit.IAuditLog audit,
    TimeProvider time,
    ILogger<EngineGrain> logger) : Grain, IEngineGrain
{
    /// <summary>The most events kept (older ones are dropped; sequence numbers never restart).</summary>
    public const int MaxEvents = 1000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _id = "";
    private EngineOptions? _engine;
    private EngineHealthMachine? _machine;
    private CircuitBreaker? _breaker;
    private LatencyWindow? _latency;
    private ProbePolicy? _policy;
    private IEngineProbe? _probe;
    private Task? _round;
    private DateTimeOffset? _lastProbeAt;
    private bool _lastRoundHealthy = true;
    private EngineGrainState _published = new();
    private Ha.IReplicatedEngine? _replicated;
    private DateTimeOffset _outcomesStaleBefore = DateTimeOffset.MinValue;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = this.GetPrimaryKeyString();
        _engine = engines.Value.Engines.FirstOrDefault(e => string.Equals(e.Id, _id, StringComparison.OrdinalIgnoreCase));
        if (_engine is null)
        {
            // No timer: Orleans collects the activation when idle; every call answers engine.unknown until then.
            return Task.CompletedTask;
        }

        var health = _engine.Health;
        if (!state.RecordExists)
        {
            state.State.StateSince = state.State.LastChangeAt = time.GetUtcNow();
        }

        Restore();
        _published = state.State;
        _latency = new LatencyWindow(health.FailuresDetectionWindow, time);
        _policy = new ProbePolicy(health, time);
        // A replication group's engine is local to this silo (one silo runs every member): its probe follows the primary.
        _replicated = _engine.Kind == EngineKinds.PostgresHa && registry.TryGet(_id, out var local) ? local as Ha.IReplicatedEngine : null;
        _probe = _replicated?.CreateProbe(health.HealthCheckTimeout) ?? EngineProbes.For(_engine);
        metrics.Set(_id, state.State.State, state.State.Circuit);
        this.RegisterGrainTimer(
            OnTimerAsync,
            new GrainTimerCreationOptions(TimeSpan.Zero, health.HealthCheckInterval) { KeepAlive = true, Interleave = true });
        StartAutoScale();
        LogWatching(_id, _engine.Kind, state.State.State, state.State.Circuit, health.HealthCheckInterval.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_engine is not null)
        {
            metrics.Remove(_id);
            AutoScaleMetrics.Remove(_id);
        }

        return Task.CompletedTask;
    }

    public async Task<EngineStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        EnsureKnown();
        return await StatusAsync(cancellationToken);
    }

    public async Task<EngineStatus> ProbeAsync(CancellationToken cancellationToken = default)
    {
        EnsureKnown();
        await RoundAsync(cancellationToken);
        return await StatusAsync(cancellationToken);
    }

    public async Task ReportAsync(int succeeded, int failed, IReadOnlyList<double> latenciesMs, string? lastFailure)
    {
        if (_engine is null || (succeeded <= 0 && failed <= 0))
        {
            return;
        }

        var arrived = time.GetUtcNow();
        foreach (var ms in latenciesMs ?? [])
        {
            _latency!.Record(ms);
        }

        _latency!.RecordOutcomes(Math.Max(0, succeeded), Math.Max(0, failed));
        await DecideAsync(null, Math.Max(0, succeeded), Math.Max(0, failed), lastFailure, arrived);
    }

    public Task<IReadOnlyList<EngineEvent>> GetEventsAsync(long since, int max, CancellationToken cancellationToken = default)
    {
        EnsureKnown();
        if (since < 0)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"The event cursor 'since' must be 0 or a sequence number, not {since}.");
        }

        if (max is < 1 or > MaxEvents)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"The most events to answer 'max' must be between 1 and {MaxEvents}, not {max}.");
        }

        IReadOnlyList<EngineEvent> page = _published.Events.Where(e => e.Sequence > since).Take(max).ToList();
        return Task.FromResult(page);
    }

    /// <summary>A timer tick: a probe round; its failure is logged by <see cref="RunRoundAsync"/> and the next tick tries again.</summary>
    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RoundAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Logged where it happened.
        }

        await WatchRegisteredAsync();
        await FallBackIfDueAsync();
    }

    /// <summary>Runs a probe round, or joins the one running.</summary>
    private Task RoundAsync(CancellationToken cancellationToken)
    {
        if (_round is { IsCompleted: false })
        {
            return _round.WaitAsync(cancellationToken);
        }

        _round = RunRoundAsync(cancellationToken);
        return _round;
    }

    private async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            var round = await _policy!.RunAsync(_probe!, cancellationToken);
            foreach (var result in round.Results)
            {
                metrics.Probe(_id, result.DurationMs, result.Passed);
                _latency!.Record(result.DurationMs);
            }

            _latency!.RecordOutcomes(round.Results.Count(r => r.Passed), round.Results.Count(r => !r.Passed));
            _lastProbeAt = time.GetUtcNow();
            _lastRoundHealthy = round.Healthy;
            await DecideAsync(round, 0, 0, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogRoundFailed(e, _id);
            throw;
        }
    }

    private void EnsureKnown()
    {
        if (_engine is null)
        {
            var known = string.Join(", ", engines.Value.Engines.Select(e => $"'{e.Id}'"));
            throw new DynamicDbException(ErrorCodes.EngineUnknown, $"No engine has the id '{_id}'; the configured engines are {known}.");
        }
    }

    /// <summary>The machine and breaker as the persisted state says.</summary>
    private void Restore()
    {
        _machine = new EngineHealthMachine(state.State.State, state.State.StateSince);
        _breaker = new CircuitBreaker(_engine!.Health, time, state.State.Circuit, state.State.CircuitOpenedAt);
    }

    /// <summary>The status; for a replication group's engine, with the primary's pid and port and the group's epoch.</summary>
    private async Task<EngineStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var status = Status();
        if (_replicated is not { IsStarted: true } group)
        {
            return status;
        }

        var observed = await group.GetGroupStatusAsync(cancellationToken);
        var primary = observed.Members.FirstOrDefault(m => m.Name == observed.Primary);
        return status with
        {
            Group = _engine!.Id,
            Role = "primary",
            Epoch = observed.Epoch,
            Pid = group.RunsMembers ? primary?.Pid : null,
            Port = group.RunsMembers ? primary?.Port : null,
            ReplicationLagBytes = primary?.LagBytes,
            Connections = primary?.Connections,
            AutoScale = AutoScaleState(),
        };
    }

    private EngineStatus Status()
    {
        var s = _published;
        return new EngineStatus(
            _engine!.Id, _engine.Kind, Group: null, Role: "standalone", s.State, s.Circuit, _engine.Health.Weight, s.Epoch,
            _latency!.P50, _latency.P99, _latency.ErrorRate, Connections: null, ReplicationLagBytes: null, Pid: null, Port: null,
            _lastProbeAt, s.LastChangeAt);
    }
}
