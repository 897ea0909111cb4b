using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.DynamicDb.Grains.Tests.Infrastructure;

/// <summary>
/// Records the measurements of the named instruments of meters made by one <see cref="IMeterFactory"/> only, so tests
/// that run at the same time (each with its own factory or silo) never see each other's counts.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ServiceProvider? _owned;

    public MetricRecorder(IMeterFactory factory, params string[] instruments)
    {
        Factory = factory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instruments.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, (long)value, tags));
        _listener.Start();
    }

    private MetricRecorder(ServiceProvider owned, params string[] instruments)
        : this(owned.GetRequiredService<IMeterFactory>(), instruments) => _owned = owned;

    /// <summary>The factory whose meters are recorded.</summary>
    public IMeterFactory Factory { get; }

    /// <summary>A recorder with a meter factory of its own (for engines built in the test).</summary>
    public static MetricRecorder WithOwnFactory(params string[] instruments) =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider(), instruments);

    /// <summary>The sum of the recorded values of <paramref name="instrument"/> whose tags include all of <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, object? Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value))).Sum(m => m.Value);

    /// <summary>Every recorded measurement of <paramref name="instrument"/>.</summary>
    public IReadOnlyList<Measurement> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Reads the observable instruments now; returns what <paramref name="instrument"/> reported.</summary>
    public IReadOnlyList<Measurement> Observe(string instrument)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return Of(instrument);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _owned?.Dispose();
    }

    private void Add(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    /// <summary>One recorded value with its tags.</summary>
    public sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, object?> Tags);
}
