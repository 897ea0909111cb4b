namespace Orleans.DynamicDb.Engines;

/// <summary>An engine's circuit breaker (multi-db-failover seed).</summary>
public enum CircuitState
{
    /// <summary>Requests flow.</summary>
    Closed = 0,

    /// <summary>Too many failures in the detection window: requests are refused until the grace period has passed.</summary>
    Open = 1,

    /// <summary>The grace period has passed: a trial request (or probe) decides between Closed and Open.</summary>
    HalfOpen = 2,
}
