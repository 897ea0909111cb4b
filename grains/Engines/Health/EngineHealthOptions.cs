namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// How an engine watches itself (multi-db-failover seed): probe rounds, the health state machine's thresholds and the
/// circuit breaker. Bound per engine from <c>DynamicDb:Engines:N:Health:*</c>; validated at start-up by
/// <see cref="EngineHealthOptionsValidator"/>.
/// </summary>
public sealed class EngineHealthOptions
{
    /// <summary>Every probe must pass (<see cref="Policy"/>).</summary>
    public const string PolicyAll = "all";

    /// <summary>One passing probe is enough (<see cref="Policy"/>).</summary>
    public const string PolicyAny = "any";

    /// <summary>More than half of the probes must pass (<see cref="Policy"/>).</summary>
    public const string PolicyMajority = "majority";

    /// <summary>Default for <see cref="MinFreeSpaceBytes"/>: 100 MiB.</summary>
    public const long DefaultMinFreeSpaceBytes = 100L * 1024 * 1024;

    /// <summary>
    /// Default for <see cref="QuickCheckMaxBytes"/>: 16 MiB. Measured: <c>quick_check</c> of a 10 MB database takes 7 ms on
    /// an idle machine (15–60 ms on a loaded one), of a 100 MB database 70–90 ms (120–500 ms loaded), against about 1 ms for
    /// a wake without it.
    /// </summary>
    public const long DefaultQuickCheckMaxBytes = 16L * 1024 * 1024;

    /// <summary>The time between the start of two probe rounds (seed: <c>health_check_interval</c>). Default: 10 seconds.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest one probe may take; a slower probe fails (seed: <c>health_check_timeout</c>). Default: 5 seconds.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The probes of one round (seed: <c>health_check_probes</c>), 1–100. Default: 3.</summary>
    public int HealthCheckProbes { get; set; } = 3;

    /// <summary>The pause between two probes of a round (seed: <c>health_check_probes_delay</c>). Default: 1 second.</summary>
    public TimeSpan HealthCheckProbesDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How a round's probes make one verdict: <c>all</c> (every probe passes), <c>any</c> (one passes) or
    /// <c>majority</c> (more than half pass). Default: <c>all</c>.
    /// </summary>
    public string Policy { get; set; } = PolicyAll;

    /// <summary>The engine's weight: higher is preferred as a primary (seed: <c>weight</c>), 0–1000. Default: 1.0.</summary>
    public double Weight { get; set; } = 1.0;

    /// <summary>p99 latency above this makes a Healthy engine Degraded (seed: <c>performance_threshold_ms</c>). Default: 1000 ms.</summary>
    public TimeSpan PerformanceThreshold { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>
    /// How long an open circuit waits before a trial (HalfOpen), and how long a Failed engine waits before a recovery
    /// attempt (Initializing) (seed: <c>grace_period</c>). Default: 30 seconds.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The fewest failures in the detection window that can open the circuit (seed: <c>min_num_failures</c>). Default: 5.</summary>
    public int MinNumFailures { get; set; } = 5;

    /// <summary>
    /// The share of failed outcomes in the detection window (0–1, exclusive of 0) at or above which the circuit opens, and
    /// above which a Healthy engine is Degraded (seed: <c>failure_rate_threshold</c>). Default: 0.5.
    /// </summary>
    public double FailureRateThreshold { get; set; } = 0.5;

    /// <summary>The sliding window failures are counted in, and latency percentiles computed over (seed: <c>failures_detection_window</c>). Default: 60 seconds.</summary>
    public TimeSpan FailuresDetectionWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When true, a statement failure that proves the server unreachable (connection refused, reset or cut off, server
    /// shutting down: <see cref="ConnectionFailure"/>) starts probe rounds at once instead of at the next interval,
    /// <see cref="HealthCheckProbesDelay"/> apart while they fail; their failures count like any round's, so a dead server
    /// opens the circuit soon even under few writers. One such chain at a time, the next no sooner than
    /// <see cref="HealthCheckProbesDelay"/> after it ended. Default: true.
    /// </summary>
    public bool ProbeOnConnectionFailure { get; set; } = true;

    /// <summary>sqlite: the free space the data directory's file system must keep; less fails the probe. Default: 100 MiB (104857600).</summary>
    public long MinFreeSpaceBytes { get; set; } = DefaultMinFreeSpaceBytes;

    /// <summary>
    /// sqlite: a database file up to this size gets <c>PRAGMA quick_check</c> every time it wakes (opens); a larger one only
    /// when its previous close was not clean (SQLite's <c>-wal</c> file was left behind). A database that fails the check
    /// does not open (<c>database.corrupt</c>). 0 checks only after an unclean close. Default: 16 MiB (16777216).
    /// </summary>
    public long QuickCheckMaxBytes { get; set; } = DefaultQuickCheckMaxBytes;
}
