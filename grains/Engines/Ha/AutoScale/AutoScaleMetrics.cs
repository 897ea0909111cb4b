using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Ha.AutoScale;

/// <summary>The auto-scaler's instruments, on the database layer's meter (<see cref="DatabaseMetrics.MeterName"/>).</summary>
public sealed class AutoScaleMetrics
{
    /// <summary>Counter tagged <c>engine</c> and <c>direction</c> (<c>up</c>, <c>down</c>): standbys added or removed by the auto-scaler (Prometheus: <c>dyndb_autoscale_events_total</c>).</summary>
    public const string EventsInstrument = "dyndb.autoscale.events";

    /// <summary>Gauge tagged <c>engine</c>: the standbys of a <c>postgres-ha</c> group as last observed by its engine grain on this silo (Prometheus: <c>dyndb_ha_standbys</c>).</summary>
    public const string StandbysInstrument = "dyndb.ha.standbys";

    private readonly ConcurrentDictionary<string, int> _standbys = new(StringComparer.Ordinal);
    private readonly Counter<long> _events;

    public AutoScaleMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DatabaseMetrics.MeterName);
        _events = meter.CreateCounter<long>(EventsInstrument, description: "Standbys added (up) or removed (down) by a replication group's auto-scaler.");
        meter.CreateObservableGauge(StandbysInstrument,
            () => _standbys.Select(s => new Measurement<int>(s.Value, new KeyValuePair<string, object?>("engine", s.Key))),
            description: "Standbys of a postgres-ha group as last observed.");
    }

    /// <summary>The auto-scaler added (<paramref name="direction"/> <c>up</c>) or removed (<c>down</c>) a standby of <paramref name="engine"/>.</summary>
    public void Scaled(string engine, AutoScaleDirection direction) =>
        _events.Add(1, new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("direction", direction == AutoScaleDirection.Up ? "up" : "down"));

    /// <summary>The group of <paramref name="engine"/> has <paramref name="standbys"/> standbys now.</summary>
    public void Standbys(string engine, int standbys) => _standbys[engine] = standbys;

    /// <summary>The engine's grain deactivated on this silo: its series stop here.</summary>
    public void Remove(string engine) => _standbys.TryRemove(engine, out _);
}
