using System.Globalization;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// An engine's circuit breaker (multi-db-failover seed): Closed until, within <see cref="EngineHealthOptions.FailuresDetectionWindow"/>,
/// failures reach <see cref="EngineHealthOptions.MinNumFailures"/> and make at least <see cref="EngineHealthOptions.FailureRateThreshold"/>
/// of all outcomes — or until <see cref="EngineHealthOptions.MinNumFailures"/> failures come in a row with no success
/// between them within the window (a dead server: on a busy engine the successes before its death would otherwise keep
/// the rate under the threshold for much of the window); a probe round that fails by its policy counts as a whole round
/// of failures (<see cref="RoundFailed"/>); then Open for
/// <see cref="EngineHealthOptions.GracePeriod"/>; then HalfOpen, where one success closes it and one failure opens it
/// again (restarting the grace period). Fed by probe results and reported statement outcomes.
/// Every method returns the changes it made, for the owner to persist before acting on them. Not thread-safe.
/// </summary>
public sealed class CircuitBreaker
{
    private readonly EngineHealthOptions _options;
    private readonly TimeProvider _time;
    private readonly OutcomeWindow _window;
    private long _consecutiveFailures;
    private DateTimeOffset _streakStart;

    /// <summary>A breaker in <paramref name="state"/> (opened at <paramref name="openedAt"/> when not Closed), as restored from storage.</summary>
    public CircuitBreaker(EngineHealthOptions options, TimeProvider time, CircuitState state = CircuitState.Closed, DateTimeOffset? openedAt = null)
    {
        _options = options;
        _time = time;
        _window = new OutcomeWindow(options.FailuresDetectionWindow, time);
        State = state;
        OpenedAt = state == CircuitState.Closed ? null : openedAt ?? time.GetUtcNow();
    }

    /// <summary>The circuit's state.</summary>
    public CircuitState State { get; private set; }

    /// <summary>When the circuit last opened (the grace period runs from here); null while Closed.</summary>
    public DateTimeOffset? OpenedAt { get; private set; }

    /// <summary>Failed over all outcomes counted since the circuit last closed, within the detection window.</summary>
    public double FailureRate => _window.FailureRate;

    /// <summary>The successes and failures <see cref="FailureRate"/> is over.</summary>
    public (long Successes, long Failures) Outcomes() => _window.Totals();

    /// <summary>Moves an Open circuit whose grace period has passed to HalfOpen; null when nothing changed.</summary>
    public CircuitChange? Tick()
    {
        if (State != CircuitState.Open || _time.GetUtcNow() - OpenedAt < _options.GracePeriod)
        {
            return null;
        }

        State = CircuitState.HalfOpen;
        return new CircuitChange(CircuitState.Open, CircuitState.HalfOpen, $"the grace period of {Seconds(_options.GracePeriod)} passed; the next outcome decides");
    }

    /// <summary>
    /// Counts outcomes (an aggregate of statement outcomes, or one probe). Closed: may open. Open: ignored until the
    /// grace period passes (<see cref="Tick"/>). HalfOpen: any failure opens again, else a success closes.
    /// </summary>
    public CircuitChange? Record(int succeeded, int failed, string? lastFailure = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(succeeded);
        ArgumentOutOfRangeException.ThrowIfNegative(failed);
        switch (State)
        {
            case CircuitState.HalfOpen when failed > 0:
                return Open(CircuitState.HalfOpen, $"the trial failed{Detail(lastFailure)}");
            case CircuitState.HalfOpen when succeeded > 0:
                State = CircuitState.Closed;
                OpenedAt = null;
                _consecutiveFailures = 0;
                _window.Clear();
                return new CircuitChange(CircuitState.HalfOpen, CircuitState.Closed, "the trial succeeded");
            case CircuitState.Closed:
                _window.Add(succeeded, failed);
                CountStreak(succeeded, failed);
                var (successes, failures) = _window.Totals();
                var rate = (double)failures / Math.Max(1, successes + failures);
                if (failures >= _options.MinNumFailures && rate >= _options.FailureRateThreshold)
                {
                    return Open(CircuitState.Closed,
                        $"{failures} of {successes + failures} outcomes failed in the last {Seconds(_options.FailuresDetectionWindow)}{Detail(lastFailure)}");
                }

                if (_consecutiveFailures >= _options.MinNumFailures)
                {
                    return Open(CircuitState.Closed, $"{_consecutiveFailures} outcomes failed in a row{Detail(lastFailure)}");
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// After a probe round's results were counted (<see cref="Record"/>): a round that failed by its policy counts as
    /// <see cref="EngineHealthOptions.HealthCheckProbes"/> failures even when its policy stopped it at its first failed
    /// probe, so two failed rounds in a row open the circuit at the defaults (3 probes, 5 failures) while one slow probe
    /// does not; null when nothing changed.
    /// </summary>
    public CircuitChange? RoundFailed(ProbeRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var missing = _options.HealthCheckProbes - round.Results.Count(r => !r.Passed);
        return round.Healthy || missing <= 0 ? null : Record(0, missing, $"a probe round failed: {round.Reason}");
    }

    /// <summary>
    /// Failures in a row within the detection window. A batch's order is unknown: its failures extend the streak only when
    /// it has no success.
    /// </summary>
    private void CountStreak(int succeeded, int failed)
    {
        var now = _time.GetUtcNow();
        if (succeeded > 0 || failed == 0)
        {
            _consecutiveFailures = succeeded > 0 ? 0 : _consecutiveFailures;
            return;
        }

        if (_consecutiveFailures == 0 || now - _streakStart > _options.FailuresDetectionWindow)
        {
            _consecutiveFailures = 0;
            _streakStart = now;
        }

        _consecutiveFailures += failed;
    }

    private CircuitChange Open(CircuitState from, string reason)
    {
        State = CircuitState.Open;
        OpenedAt = _time.GetUtcNow();
        _consecutiveFailures = 0;
        _window.Clear();
        return new CircuitChange(from, CircuitState.Open, reason);
    }

    private static string Detail(string? lastFailure) => string.IsNullOrEmpty(lastFailure) ? "" : $": {lastFailure}";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
