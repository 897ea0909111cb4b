using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>
/// Tier routing of one <c>postgres-ha</c> engine (docs/tiers.md, "Routing to standbys"): the lag poll
/// (<see cref="StandbyWatch"/>), the sessions' last write positions (<see cref="SessionWrites"/>), the reads in flight per
/// standby, and the choice of <see cref="TierRoute"/> for each autocommit read. Created only when routing is enabled.
/// </summary>
internal sealed class TierReads : IAsyncDisposable
{
    private readonly TierRoutingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TierRoutingMetrics? _metrics;
    private readonly IReplicationGroup _group;
    private readonly ConcurrentDictionary<string, StrongBox> _inFlight = new(StringComparer.Ordinal);
    private readonly IDisposable? _tracking;
    private int _rotation;
    private int _standbyReads;

    public TierReads(IReplicationGroup group, TierRoutingOptions options, TimeProvider time, ILogger logger, TierRoutingMetrics? metrics)
    {
        _group = group;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        Watch = new StandbyWatch(group, options, time, logger);
        Sessions = new SessionWrites(options.MaxStandbyLag * 3 + options.LagPollInterval * 4, options.MaxTrackedSessions);
        _tracking = metrics?.Track(group.Name, Watch);
    }

    /// <summary>The lag poll.</summary>
    public StandbyWatch Watch { get; }

    /// <summary>The sessions' last write positions.</summary>
    public SessionWrites Sessions { get; }

    /// <summary>Reads running on standbys now (the rest of the engine's statements in flight run on the primary).</summary>
    public int StandbyReads => Volatile.Read(ref _standbyReads);

    /// <summary>Starts the lag poll.</summary>
    public void Start()
    {
        Watch.Start();
        ReadRoutingLog.Started(_logger, _group.Name, _options.MaxStandbyLag.TotalMilliseconds, _options.LagPollInterval.TotalMilliseconds);
    }

    /// <summary>Where the autocommit read <paramref name="statement"/> goes while <paramref name="inFlight"/> statements run on the engine.</summary>
    public TierRoute Choose(Statement statement, int inFlight) => TierRoute.Choose(
        statement.Tier, statement.SessionId is not null, inFlight - StandbyReads, _options.MediumPrimaryInFlight, Watch.Standbys, Watch.Qualifies,
        member => _inFlight.TryGetValue(member, out var box) ? Volatile.Read(ref box.Count) : 0,
        Sessions.Required(statement.SessionId, _time.GetUtcNow().UtcTicks), Interlocked.Increment(ref _rotation));

    /// <summary>Counts a read on <paramref name="member"/> until the lease is disposed.</summary>
    public Lease Enter(string member)
    {
        var box = _inFlight.GetOrAdd(member, _ => new StrongBox());
        Interlocked.Increment(ref box.Count);
        Interlocked.Increment(ref _standbyReads);
        return new Lease(this, box);
    }

    /// <summary>True when a write of session <paramref name="sessionId"/> should record its position (a known session, and standbys to avoid).</summary>
    public bool Tracks(string? sessionId) => sessionId is not null && _group.Members.Count > 1;

    /// <summary>
    /// Remembers how far the primary's WAL reached after a write of <paramref name="sessionId"/> (read after the write was
    /// acknowledged, so at or past its commit). When the position cannot be read, the session reads the primary until the
    /// entry expires.
    /// </summary>
    public async Task RecordWriteAsync(string sessionId, CancellationToken cancellationToken)
    {
        long lsn;
        try
        {
            lsn = await Watch.PrimaryLsnAsync(_group.Primary, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            ReadRoutingLog.WritePositionUnknown(_logger, e, _group.Name, sessionId);
            lsn = long.MaxValue;
        }

        Sessions.Record(sessionId, lsn, _time.GetUtcNow().UtcTicks);
    }

    /// <summary>Counts a statement in <c>dyndb_tier_routed_total</c>.</summary>
    public void Routed(Tier tier, string? standby, string reason) => _metrics?.Routed(tier, standby is null ? "primary" : "standby", reason);

    public async ValueTask DisposeAsync()
    {
        _tracking?.Dispose();
        await Watch.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A mutable count shared by the leases of one standby.</summary>
    internal sealed class StrongBox
    {
        public int Count;
    }

    /// <summary>One read counted on its standby.</summary>
    internal readonly struct Lease(TierReads reads, StrongBox box) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Decrement(ref box.Count);
            Interlocked.Decrement(ref reads._standbyReads);
        }
    }
}
