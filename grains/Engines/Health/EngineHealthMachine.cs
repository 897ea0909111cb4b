using System.Globalization;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// The engine-switching seed's health state machine, exactly: Initializing → Healthy | Failed; Healthy → Degraded |
/// Switching; Degraded → Healthy | Failed; Switching → Healthy | Failed; Failed → Initializing (after the grace period).
/// Any other transition throws. Every method returns the change it made, for the owner to persist before acting on it.
/// Not thread-safe.
/// </summary>
public sealed class EngineHealthMachine(EngineHealthState state, DateTimeOffset since)
{
    /// <summary>The state now.</summary>
    public EngineHealthState State { get; private set; } = state;

    /// <summary>When the state was entered.</summary>
    public DateTimeOffset Since { get; private set; } = since;

    /// <summary>True when the seed's machine allows <paramref name="from"/> → <paramref name="to"/>.</summary>
    public static bool IsAllowed(EngineHealthState from, EngineHealthState to) => (from, to) switch
    {
        (EngineHealthState.Initializing, EngineHealthState.Healthy or EngineHealthState.Failed) => true,
        (EngineHealthState.Healthy, EngineHealthState.Degraded or EngineHealthState.Switching) => true,
        (EngineHealthState.Degraded, EngineHealthState.Healthy or EngineHealthState.Failed) => true,
        (EngineHealthState.Switching, EngineHealthState.Healthy or EngineHealthState.Failed) => true,
        (EngineHealthState.Failed, EngineHealthState.Initializing) => true,
        _ => false,
    };

    /// <summary>Moves to <paramref name="to"/> at <paramref name="now"/>.</summary>
    /// <exception cref="InvalidOperationException">The machine has no such transition; the message names both states.</exception>
    public HealthChange MoveTo(EngineHealthState to, string reason, DateTimeOffset now)
    {
        if (!IsAllowed(State, to))
        {
            throw new InvalidOperationException($"An engine cannot go from {State} to {to}: the health state machine has no such transition.");
        }

        var change = new HealthChange(State, to, reason);
        State = to;
        Since = now;
        return change;
    }

    /// <summary>A Failed engine whose grace period has passed goes to Initializing (a recovery attempt); null otherwise.</summary>
    public HealthChange? Recover(TimeSpan gracePeriod, DateTimeOffset now) =>
        State == EngineHealthState.Failed && now - Since >= gracePeriod
            ? MoveTo(EngineHealthState.Initializing, $"recovery attempt after the grace period of {Format(gracePeriod.TotalSeconds)} s", now)
            : null;

    /// <summary>
    /// Decides the next state from <paramref name="signals"/>: a probe round decides Initializing (Healthy or Failed);
    /// a Healthy engine is Degraded when the round fails, p99 latency is above <see cref="EngineHealthOptions.PerformanceThreshold"/>,
    /// the error rate is above <see cref="EngineHealthOptions.FailureRateThreshold"/> or the circuit is open; a Degraded
    /// engine is Failed when the round fails (by the probe policy) and Healthy again when a round passes with latency,
    /// error rate and circuit back to normal. Switching is left to the switch's owner. Null when nothing changes.
    /// </summary>
    public HealthChange? Evaluate(HealthSignals signals, EngineHealthOptions options, DateTimeOffset now)
    {
        var round = signals.Round;
        switch (State)
        {
            case EngineHealthState.Initializing when round is not null:
                return round.Healthy
                    ? MoveTo(EngineHealthState.Healthy, round.Reason, now)
                    : MoveTo(EngineHealthState.Failed, round.Reason, now);
            case EngineHealthState.Healthy:
                var problem = round is { Healthy: false } ? round.Reason : Degradation(signals, options);
                return problem is null ? null : MoveTo(EngineHealthState.Degraded, problem, now);
            case EngineHealthState.Degraded when round is not null:
                if (!round.Healthy)
                {
                    return MoveTo(EngineHealthState.Failed, round.Reason, now);
                }

                return Degradation(signals, options) is null ? MoveTo(EngineHealthState.Healthy, $"{round.Reason}; latency and error rate are normal", now) : null;
            default:
                return null;
        }
    }

    /// <summary>Why the engine performs badly (latency, error rate, open circuit), or null when it does not.</summary>
    private static string? Degradation(HealthSignals signals, EngineHealthOptions options)
    {
        var threshold = options.PerformanceThreshold.TotalMilliseconds;
        if (signals.LatencyP99Ms is { } p99 && p99 > threshold)
        {
            return $"p99 latency {Format(p99)} ms is above the performance threshold of {Format(threshold)} ms";
        }

        if (signals.Circuit != CircuitState.Closed)
        {
            return $"the circuit is {signals.Circuit}";
        }

        return signals.Outcomes >= options.MinNumFailures && signals.ErrorRate > options.FailureRateThreshold
            ? $"the error rate {Format(signals.ErrorRate)} is above the failure rate threshold of {Format(options.FailureRateThreshold)}"
            : null;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
