using System.Diagnostics.Metrics;

namespace Orleans.DynamicDb.Silo.Sessions;

/// <summary>The <c>dyndb_sessions_*</c> instruments (meter <see cref="MeterName"/>), counted on the silo that holds each session.</summary>
internal sealed class SessionMetrics
{
    /// <summary>The meter's name, added to the exporters by the telemetry setup.</summary>
    public const string MeterName = "Orleans.DynamicDb.Sessions";

    private readonly Counter<long> _opened;
    private readonly Counter<long> _killed;
    private long _openPgWire;
    private long _openHttp;
    private readonly long[] _openByTier = new long[4];

    public SessionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableUpDownCounter("dyndb_sessions_open", () => new[]
        {
            new Measurement<long>(Volatile.Read(ref _openPgWire), new KeyValuePair<string, object?>("protocol", DynamicDb.Sessions.SessionProtocols.PgWire)),
            new Measurement<long>(Volatile.Read(ref _openHttp), new KeyValuePair<string, object?>("protocol", DynamicDb.Sessions.SessionProtocols.Http)),
        }, description: "Sessions open now on this silo, by protocol.");
        meter.CreateObservableUpDownCounter("dyndb_tier_sessions", () => Enum.GetValues<DynamicDb.Tiers.Tier>()
            .Select(t => new Measurement<long>(Volatile.Read(ref _openByTier[(int)t]), new KeyValuePair<string, object?>("tier", t.ToString()))),
            description: "Sessions open now on this silo, by tier (docs/tiers.md).");
        _opened = meter.CreateCounter<long>("dyndb_sessions_opened_total", description: "Sessions opened on this silo, by protocol.");
        _killed = meter.CreateCounter<long>("dyndb_sessions_killed_total", description: "Sessions killed by an operator (DELETE /v1/admin/sessions/{id}), by protocol.");
    }

    /// <summary>Sessions of <paramref name="protocol"/> open now.</summary>
    public long Open(string protocol) => Volatile.Read(ref Counter(protocol));

    public void Opened(string protocol)
    {
        Interlocked.Increment(ref Counter(protocol));
        _opened.Add(1, new KeyValuePair<string, object?>("protocol", protocol));
    }

    public void Closed(string protocol) => Interlocked.Decrement(ref Counter(protocol));

    /// <summary>Sessions of <paramref name="tier"/> open now.</summary>
    public long OpenInTier(DynamicDb.Tiers.Tier tier) => Volatile.Read(ref _openByTier[(int)tier]);

    /// <summary>A session opened in <paramref name="tier"/>.</summary>
    public void OpenedInTier(DynamicDb.Tiers.Tier tier) => Interlocked.Increment(ref _openByTier[(int)tier]);

    /// <summary>A session of <paramref name="tier"/> closed.</summary>
    public void ClosedInTier(DynamicDb.Tiers.Tier tier) => Interlocked.Decrement(ref _openByTier[(int)tier]);

    /// <summary>An open session moved from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void TierMoved(DynamicDb.Tiers.Tier from, DynamicDb.Tiers.Tier to)
    {
        if (from != to)
        {
            ClosedInTier(from);
            OpenedInTier(to);
        }
    }

    public void Killed(string protocol) => _killed.Add(1, new KeyValuePair<string, object?>("protocol", protocol));

    private ref long Counter(string protocol) => ref protocol == DynamicDb.Sessions.SessionProtocols.PgWire ? ref _openPgWire : ref _openHttp;
}
