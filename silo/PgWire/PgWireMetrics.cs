using System.Diagnostics.Metrics;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The <c>dyndb_pgwire_*</c> instruments of the wire frontend (meter <see cref="MeterName"/>).</summary>
internal sealed class PgWireMetrics
{
    /// <summary>The meter's name, added to the exporters by the telemetry setup.</summary>
    public const string MeterName = "Orleans.DynamicDb.PgWire";

    private readonly Counter<long> _connections;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _bytesSent;
    private long _open;

    public PgWireMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableUpDownCounter("dyndb_pgwire_connections_open", () => Volatile.Read(ref _open), description: "Client connections open now.");
        _connections = meter.CreateCounter<long>("dyndb_pgwire_connections_total", description: "Client connections accepted.");
        _refused = meter.CreateCounter<long>("dyndb_pgwire_connections_refused_total", description: "Client connections refused or closed at startup, by reason.");
        _messages = meter.CreateCounter<long>("dyndb_pgwire_messages_total", description: "Frontend messages received.");
        _bytesReceived = meter.CreateCounter<long>("dyndb_pgwire_received_bytes_total", unit: "By", description: "Bytes received from clients.");
        _bytesSent = meter.CreateCounter<long>("dyndb_pgwire_sent_bytes_total", unit: "By", description: "Bytes sent to clients.");
    }

    /// <summary>Connections open now.</summary>
    public long Open => Volatile.Read(ref _open);

    public void Opened()
    {
        Interlocked.Increment(ref _open);
        _connections.Add(1);
    }

    public void Closed() => Interlocked.Decrement(ref _open);

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Message() => _messages.Add(1);

    public void Received(long bytes) => _bytesReceived.Add(bytes);

    public void Sent(long bytes) => _bytesSent.Add(bytes);
}
