using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// The engines' health instruments, on the database layer's meter (<see cref="DatabaseMetrics.MeterName"/>): the health
/// state and circuit of every engine whose grain is active on this silo, and probe durations.
/// </summary>
public sealed class EngineHealthMetrics
{
    /// <summary>Gauge tagged <c>engine</c> and <c>state</c>: 1 for the engine's current health state, 0 for the others (Prometheus: <c>dyndb_engine_state</c>).</summary>
    public const string StateInstrument = "dyndb.engine.state";

    /// <summary>Gauge tagged <c>engine</c>: 1 while the circuit is not Closed (Open or HalfOpen), else 0 (Prometheus: <c>dyndb_engine_circuit_open</c>).</summary>
    public const string CircuitOpenInstrument = "dyndb.engine.circuit_open";

    /// <summary>Histogram of probes (ms), tagged <c>engine</c> and <c>outcome</c> (<c>passed</c>, <c>failed</c>) (Prometheus: <c>dyndb_engine_probe_duration_milliseconds</c>).</summary>
    public const string ProbeDurationInstrument = "dyndb.engine.probe.duration";

    /// <summary>
    /// Counter tagged <c>engine</c>: probe rounds started out of band because a statement found the server unreachable
    /// (<see cref="EngineHealthOptions.ProbeOnConnectionFailure"/>) (Prometheus: <c>dyndb_engine_probe_triggered_total</c>).
    /// </summary>
    public const string ProbeTriggeredInstrument = "dyndb.engine.probe.triggered";

    private static readonly EngineHealthState[] States = Enum.GetValues<EngineHealthState>();

    private readonly ConcurrentDictionary<string, (EngineHealthState State, CircuitState Circuit)> _engines = new(StringComparer.Ordinal);
    private readonly Histogram<double> _probes;
    private readonly Counter<long> _triggered;

    public EngineHealthMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DatabaseMetrics.MeterName);
        meter.CreateObservableGauge(StateInstrument, ObserveStates, description: "Engine health state: 1 for the current state, 0 for the others.");
        meter.CreateObservableGauge(CircuitOpenInstrument, ObserveCircuits, description: "1 while an engine's circuit is Open or HalfOpen, else 0.");
        _probes = meter.CreateHistogram<double>(ProbeDurationInstrument, "ms", "Engine health probes, by engine and outcome.");
        _triggered = meter.CreateCounter<long>(ProbeTriggeredInstrument, description: "Probe rounds started at once because a statement found the engine's server unreachable.");
    }

    /// <summary>The engine's state and circuit now.</summary>
    public void Set(string engine, EngineHealthState state, CircuitState circuit) => _engines[engine] = (state, circuit);

    /// <summary>The engine's grain deactivated on this silo: its series stop here.</summary>
    public void Remove(string engine) => _engines.TryRemove(engine, out _);

    /// <summary>One probe took <paramref name="milliseconds"/>.</summary>
    public void Probe(string engine, double milliseconds, bool passed) =>
        _probes.Record(milliseconds, new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("outcome", passed ? "passed" : "failed"));

    /// <summary>A probe round was started out of band for <paramref name="engine"/>.</summary>
    public void ProbeTriggered(string engine) => _triggered.Add(1, new KeyValuePair<string, object?>("engine", engine));

    private IEnumerable<Measurement<long>> ObserveStates() =>
        _engines.SelectMany(e => States.Select(s => new Measurement<long>(
            e.Value.State == s ? 1 : 0,
            new KeyValuePair<string, object?>("engine", e.Key),
            new KeyValuePair<string, object?>("state", s.ToString().ToLowerInvariant()))));

    private IEnumerable<Measurement<long>> ObserveCircuits() =>
        _engines.Select(e => new Measurement<long>(e.Value.Circuit == CircuitState.Closed ? 0 : 1, new KeyValuePair<string, object?>("engine", e.Key)));
}
