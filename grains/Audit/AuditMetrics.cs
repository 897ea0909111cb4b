using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Audit;

/// <summary>
/// The audit log's instruments, on the database layer's meter (<see cref="DatabaseMetrics.MeterName"/>): rows appended
/// (<c>dyndb_audit_rows_total</c>, tagged <c>action</c>) and appends that failed (<c>dyndb_audit_append_failures_total</c>,
/// tagged <c>action</c>).
/// </summary>
public sealed class AuditMetrics
{
    /// <summary>The counter of appended rows.</summary>
    public const string RowsInstrument = "dyndb.audit.rows";

    /// <summary>The counter of appends that could not be written.</summary>
    public const string AppendFailuresInstrument = "dyndb.audit.append_failures";

    private readonly Counter<long> _rows;
    private readonly Counter<long> _failures;

    public AuditMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DatabaseMetrics.MeterName);
        _rows = meter.CreateCounter<long>(RowsInstrument, description: "Rows appended to the audit log by this silo, by action.");
        _failures = meter.CreateCounter<long>(AppendFailuresInstrument, description: "Audit rows this silo could not write, by action.");
    }

    /// <summary>A row of <paramref name="action"/> was appended.</summary>
    public void Appended(string action) => _rows.Add(1, new KeyValuePair<string, object?>("action", action));

    /// <summary>A row of <paramref name="action"/> could not be written.</summary>
    public void AppendFailed(string action) => _failures.Add(1, new KeyValuePair<string, object?>("action", action));
}
