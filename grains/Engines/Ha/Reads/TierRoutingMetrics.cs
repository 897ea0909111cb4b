using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>
/// Tier routing's instruments, on the database layer's meter: statements routed by tier and target
/// (<c>dyndb_tier_routed_total</c>) and each standby's replay lag (<c>dyndb_standby_replay_lag_seconds</c>).
/// </summary>
public sealed class TierRoutingMetrics
{
    /// <summary>Counter of statements of <c>postgres-ha</c> engines, tagged <c>tier</c>, <c>target</c> (<c>primary</c>, <c>standby</c>) and <c>reason</c>.</summary>
    public const string RoutedInstrument = "dyndb.tier.routed";

    /// <summary>Gauge of each standby's replay lag in seconds, tagged <c>engine</c> and <c>member</c>.</summary>
    public const string ReplayLagInstrument = "dyndb.standby.replay_lag";

    private static readonly string[] TierTags = [.. Enum.GetValues<Tier>().Select(t => t.ToString().ToLowerInvariant())];

    private readonly Counter<long> _routed;
    private readonly ConcurrentDictionary<StandbyWatch, string> _watches = new();

    public TierRoutingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DatabaseMetrics.MeterName);
        _routed = meter.CreateCounter<long>(RoutedInstrument, description: "Statements of postgres-ha engines by tier and where they ran (primary or standby), with the reason.");
        meter.CreateObservableGauge(ReplayLagInstrument, ObserveLag, unit: "s",
            description: "Time since each standby had replayed everything the primary had written, as the last lag poll saw it.");
    }

    /// <summary>Counts one statement of <paramref name="tier"/> run on <paramref name="target"/> for <paramref name="reason"/>.</summary>
    internal void Routed(Tier tier, string target, string reason) =>
        _routed.Add(1, new KeyValuePair<string, object?>("tier", TierTags[(int)tier]), new KeyValuePair<string, object?>("target", target),
            new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Reports the standbys of <paramref name="watch"/> until the registration is disposed.</summary>
    internal IDisposable Track(string engineId, StandbyWatch watch)
    {
        _watches[watch] = engineId;
        return new Registration(() => _watches.TryRemove(watch, out _));
    }

    private IEnumerable<Measurement<double>> ObserveLag() =>
        _watches.SelectMany(w => w.Key.Standbys
            .Where(s => s.Lag != PrimaryWalHistory.Unknown)
            .Select(s => new Measurement<double>(s.Lag.TotalSeconds,
                new KeyValuePair<string, object?>("engine", w.Value), new KeyValuePair<string, object?>("member", s.Member))))
            .ToList();

    private sealed class Registration(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
