using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

/// <summary>
/// Listens to one silo's cursor instruments (<see cref="DatabaseMetrics"/>): how many paged-query cursors are open now,
/// and how many were closed for each reason. Other silos in the test process are ignored (their meters have another scope).
/// </summary>
internal sealed class CursorMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _closed = new(StringComparer.Ordinal);
    private long _open;

    public CursorMeter(GatewaySilo silo)
    {
        var scope = silo.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DatabaseMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope)
                && instrument.Name is DatabaseMetrics.OpenCursorsInstrument or DatabaseMetrics.ClosedCursorsInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public long Open => Interlocked.Read(ref _open);

    public long Closed(string reason)
    {
        lock (_closed)
        {
            return _closed.GetValueOrDefault(reason);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == DatabaseMetrics.OpenCursorsInstrument)
        {
            Interlocked.Add(ref _open, value);
            return;
        }

        foreach (var tag in tags)
        {
            if (tag.Key == "reason" && tag.Value is string reason)
            {
                lock (_closed)
                {
                    _closed[reason] = _closed.GetValueOrDefault(reason) + value;
                }
            }
        }
    }
}
