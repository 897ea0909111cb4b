using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Alerts;

/// <summary>The webhook alerts' instruments, on the database layer's meter (<see cref="DatabaseMetrics.MeterName"/>).</summary>
public sealed class AlertMetrics
{
    /// <summary>Counter tagged <c>result</c> (<c>delivered</c>, <c>rejected</c>: a 4xx answer, <c>failed</c>: attempts exhausted) per alert and webhook (Prometheus: <c>dyndb_alerts_sent_total</c>).</summary>
    public const string SentInstrument = "dyndb.alerts.sent";

    /// <summary>Counter of attempts retried after a 5xx, 408, 429, timeout or connection error (Prometheus: <c>dyndb_alerts_retries_total</c>).</summary>
    public const string RetriesInstrument = "dyndb.alerts.retries";

    /// <summary>Counter of alerts dropped because a webhook's queue was full (Prometheus: <c>dyndb_alerts_dropped_total</c>).</summary>
    public const string DroppedInstrument = "dyndb.alerts.dropped";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _dropped;

    public AlertMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DatabaseMetrics.MeterName);
        _sent = meter.CreateCounter<long>(SentInstrument, description: "Alerts sent to webhooks, by final result.");
        _retries = meter.CreateCounter<long>(RetriesInstrument, description: "Webhook delivery attempts retried.");
        _dropped = meter.CreateCounter<long>(DroppedInstrument, description: "Alerts dropped (oldest first) because a webhook's queue was full.");
    }

    public void Sent(string result) => _sent.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Retried() => _retries.Add(1);

    public void Dropped() => _dropped.Add(1);
}
