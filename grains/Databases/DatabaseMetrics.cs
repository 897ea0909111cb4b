using System.Diagnostics.Metrics;

namespace Orleans.DynamicDb.Databases;

/// <summary>The database layer's instruments (meter <c>Orleans.DynamicDb.Databases</c>): creation, wake and hibernation times, active count.</summary>
public sealed class DatabaseMetrics : IDisposable
{
    public const string MeterName = "Orleans.DynamicDb.Databases";

    private readonly Meter _meter;
    private readonly Histogram<double> _created;
    private readonly Histogram<double> _woke;
    private readonly Histogram<double> _hibernated;
    private readonly UpDownCounter<long> _active;

    public DatabaseMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _created = _meter.CreateHistogram<double>("dyndb.database.create.duration", "ms", "Time to create a database on its engine.");
        _woke = _meter.CreateHistogram<double>("dyndb.database.wake.duration", "ms", "Time to wake a hibernated database.");
        _hibernated = _meter.CreateHistogram<double>("dyndb.database.hibernate.duration", "ms", "Time to hibernate a database.");
        _active = _meter.CreateUpDownCounter<long>("dyndb.database.active", description: "Databases awake on this silo.");
    }

    public void Created(string engine, TimeSpan elapsed)
    {
        _created.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("engine", engine));
        _active.Add(1, new KeyValuePair<string, object?>("engine", engine));
    }

    public void Woke(string engine, TimeSpan elapsed)
    {
        _woke.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("engine", engine));
        _active.Add(1, new KeyValuePair<string, object?>("engine", engine));
    }

    public void Hibernated(string engine, TimeSpan elapsed)
    {
        _hibernated.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("engine", engine));
        _active.Add(-1, new KeyValuePair<string, object?>("engine", engine));
    }

    public void Dispose() => _meter.Dispose();
}
