using System.Diagnostics.Metrics;

namespace Orleans.DynamicDb.Tiers;

/// <summary>The classifier's instruments (meter <see cref="MeterName"/>): tier changes and scoring time.</summary>
public sealed class TierMetrics
{
    /// <summary>The meter's name, added to the exporters by the telemetry setup.</summary>
    public const string MeterName = "Orleans.DynamicDb.TierClassifier";

    private readonly Counter<long> _changes;
    private readonly Histogram<double> _score;

    public TierMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _changes = meter.CreateCounter<long>("dyndb_tier_changes_total", description: "Sessions moved from one tier to another by re-classification, by from and to tier.");
        _score = meter.CreateHistogram<double>("dyndb_tier_score_seconds", unit: "s", description: "Time to score one session with the tier model.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.005] });
    }

    /// <summary>A session moved from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void Changed(Tier from, Tier to) =>
        _changes.Add(1, new KeyValuePair<string, object?>("from", from.ToString()), new KeyValuePair<string, object?>("to", to.ToString()));

    /// <summary>One model scoring took <paramref name="elapsed"/>.</summary>
    public void Scored(TimeSpan elapsed) => _score.Record(elapsed.TotalSeconds);
}
