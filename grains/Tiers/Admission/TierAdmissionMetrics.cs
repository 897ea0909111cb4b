using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// Admission control's instruments, on the database layer's meter (<see cref="DatabaseMetrics.MeterName"/>), tagged
/// <c>tier</c> and <c>engine</c>: the counters are read from <see cref="TierAdmission.Status"/> when scraped, so the
/// fast path records nothing.
/// </summary>
public sealed class TierAdmissionMetrics
{
    /// <summary>Counter of statements given a slot (Prometheus <c>dyndb_tier_admitted_total</c>).</summary>
    public const string AdmittedInstrument = "dyndb.tier.admitted";

    /// <summary>Counter of statements that had to wait for a slot (<c>dyndb_tier_queued_total</c>).</summary>
    public const string QueuedInstrument = "dyndb.tier.queued";

    /// <summary>Counter of statements held back while a slot was free: Background's cap, High's reservation (<c>dyndb_tier_throttled_total</c>).</summary>
    public const string ThrottledInstrument = "dyndb.tier.throttled";

    /// <summary>Counter of refused statements, tagged <c>reason</c> (<c>queue_full</c>, <c>timeout</c>) (<c>dyndb_tier_rejected_total</c>).</summary>
    public const string RejectedInstrument = "dyndb.tier.rejected";

    /// <summary>Gauge of statements waiting now (<c>dyndb_tier_queue_length</c>).</summary>
    public const string QueueLengthInstrument = "dyndb.tier.queue_length";

    /// <summary>Gauge of statements holding a slot now (<c>dyndb_tier_in_flight</c>).</summary>
    public const string InFlightInstrument = "dyndb.tier.in_flight";

    /// <summary>Gauge of the slots each tier may hold now, the adaptive limit for Low and Background (<c>dyndb_tier_slots_limit</c>).</summary>
    public const string SlotsLimitInstrument = "dyndb.tier.slots_limit";

    /// <summary>Histogram of the time statements waited in a queue, in seconds (<c>dyndb_tier_queue_wait_seconds</c>).</summary>
    public const string QueueWaitInstrument = "dyndb.tier.queue_wait";

    /// <summary>Histogram of the time statements held a slot (admitted → released), in seconds (<c>dyndb_tier_statement_seconds</c>).</summary>
    public const string StatementInstrument = "dyndb.tier.statement";

    private static readonly KeyValuePair<string, object?>[] TierTags =
        [.. Enum.GetValues<Tier>().Select(t => new KeyValuePair<string, object?>("tier", t.ToString()))];

    private readonly Meter _meter;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _statement;

    public TierAdmissionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(DatabaseMetrics.MeterName);
        _queueWait = _meter.CreateHistogram<double>(QueueWaitInstrument, "s", "Time statements waited for an engine slot, by tier (granted or timed out).");
        _statement = _meter.CreateHistogram<double>(StatementInstrument, "s", "Time statements held an engine slot (admitted to released), by tier.");
    }

    /// <summary>Counts a released statement's time in its slot, tagged tier and engine (no allocation: the tag values are strings).</summary>
    internal void Ran(Tier tier, string engine, long ticks, long frequency)
    {
        if (_statement.Enabled)
        {
            _statement.Record((double)ticks / frequency, TierTags[(int)tier], new KeyValuePair<string, object?>("engine", engine));
        }
    }

    internal void Waited(Tier tier, TimeSpan waited) => _queueWait.Record(waited.TotalSeconds, TierTags[(int)tier]);

    /// <summary>Publishes <paramref name="admission"/>'s counts and gauges.</summary>
    internal void Observe(TierAdmission admission)
    {
        _meter.CreateObservableCounter(AdmittedInstrument, () => Read(admission, t => t.Admitted), description: "Statements given an engine slot, by tier.");
        _meter.CreateObservableCounter(QueuedInstrument, () => Read(admission, t => t.QueuedTotal), description: "Statements that waited for an engine slot, by tier.");
        _meter.CreateObservableCounter(ThrottledInstrument, () => Read(admission, t => t.Throttled), description: "Statements held back while a slot was free (Background's cap, High's reservation), by tier.");
        _meter.CreateObservableCounter(RejectedInstrument, () => Rejected(admission), description: "Statements refused with admission.busy, by tier and reason (queue_full, timeout).");
        _meter.CreateObservableGauge(QueueLengthInstrument, () => Read(admission, t => t.Queued), description: "Statements waiting for an engine slot now, by tier.");
        _meter.CreateObservableGauge(InFlightInstrument, () => Read(admission, t => t.InFlight), description: "Statements holding an engine slot now, by tier.");
        _meter.CreateObservableGauge(SlotsLimitInstrument, () => Read(admission, t => t.Limit),
            description: "Slots each tier may hold now (Low: Low and Background together, adapted to High's latency; Background: its own adaptive limit).");
    }

    private static IEnumerable<Measurement<long>> Read(TierAdmission admission, Func<TierAdmissionStatus, long> value) =>
        from engine in admission.Status()
        from tier in engine.Tiers
        select new Measurement<long>(value(tier), new KeyValuePair<string, object?>("tier", tier.Tier.ToString()), new KeyValuePair<string, object?>("engine", engine.Engine));

    private static IEnumerable<Measurement<long>> Rejected(TierAdmission admission) =>
        from engine in admission.Status()
        from tier in engine.Tiers
        from reason in new[] { ("queue_full", tier.RejectedQueueFull), ("timeout", tier.RejectedTimeout) }
        select new Measurement<long>(reason.Item2, new KeyValuePair<string, object?>("tier", tier.Tier.ToString()),
            new KeyValuePair<string, object?>("engine", engine.Engine), new KeyValuePair<string, object?>("reason", reason.Item1));
}
