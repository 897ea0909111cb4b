namespace Orleans.DynamicDb.Engines.Health;

/// <summary>What <see cref="EngineHealthMachine.Evaluate"/> decides on.</summary>
/// <param name="Round">The probe round just run, or null when the evaluation follows reported statement outcomes only.</param>
/// <param name="LatencyP99Ms">p99 latency over the window (ms), or null without samples.</param>
/// <param name="ErrorRate">Failed over all outcomes counted since the circuit last changed, within the detection window, 0–1.</param>
/// <param name="Outcomes">How many outcomes <paramref name="ErrorRate"/> is over; below <see cref="EngineHealthOptions.MinNumFailures"/> it is not trusted.</param>
/// <param name="Circuit">The circuit's state.</param>
public sealed record HealthSignals(ProbeRound? Round, double? LatencyP99Ms, double ErrorRate, long Outcomes, CircuitState Circuit);
