namespace Orleans.DynamicDb.Engines;

/// <summary>
/// The health state machine of an engine (engine-switching seed): Initializing → Healthy | Failed; Healthy → Degraded |
/// Switching; Degraded → Healthy | Failed; Switching → Healthy | Failed; Failed → Initializing. No other transition exists.
/// </summary>
public enum EngineHealthState
{
    /// <summary>Not probed yet, or recovering from Failed: the next probe round decides.</summary>
    Initializing = 0,

    /// <summary>Probes pass and latency and error rate are within their thresholds.</summary>
    Healthy = 1,

    /// <summary>Probes pass but p99 latency is above <c>PerformanceThreshold</c> or the error rate is up.</summary>
    Degraded = 2,

    /// <summary>A planned move (switchover) of the engine's role is under way.</summary>
    Switching = 3,

    /// <summary>Probes fail (by the probe policy) or a critical failure was seen; recovery is attempted after the grace period.</summary>
    Failed = 4,
}
