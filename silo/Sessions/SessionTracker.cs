using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Silo.Sessions;

/// <summary>
/// The local side of one session: the connection calls it on its hot path (a lock and a few additions, never a grain
/// call) and <see cref="SessionHub"/> turns what it gathered into one batched report per
/// <c>DynamicDb:Sessions:ReportInterval</c>. It is also the handle (<see cref="ISessionConnection"/>) the session grain
/// calls to kill the connection.
/// </summary>
internal sealed class SessionTracker : ISessionConnection
{
    private readonly Lock _lock = new();
    private readonly SessionHub _hub;
    // Allocated on the first statement: an idle session carries no histogram.
    private long[]? _latency;
    private long _statements;
    private long _reads;
    private long _writes;
    private long _errors;
    private long _inTransaction;
    private long _transactions;
    private long _rows;
    private long _bytes;
    private long _serverTicks;
    private Dictionary<string, string>? _settings;
    private DateTimeOffset _lastActiveAt;
    private DateTimeOffset _lastReportAt;
    private bool _dirty = true;
    private int _closed;

    private TierAssignment _tier = TierAssignment.Default;

    public SessionTracker(SessionHub hub, SessionOpening opening, Action<string>? kill, TierAssignment? tier = null)
    {
        _hub = hub;
        Opening = opening;
        Kill = kill;
        _lastActiveAt = opening.OpenedAt;
        _tier = tier ?? TierAssignment.Default;
    }

    /// <summary>The session's opening (with its kill handle once <see cref="SessionHub"/> has made it).</summary>
    public SessionOpening Opening { get; internal set; }

    /// <summary>The session id.</summary>
    public string Id => Opening.Id;

    /// <summary>What the connection does when the session is killed (null: nothing to close, the session just ends).</summary>
    public Action<string>? Kill { get; }

    /// <summary>True once the session was killed.</summary>
    public bool Killed { get; private set; }

    /// <summary>True once closed.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>When the session last ran a statement.</summary>
    public DateTimeOffset LastActiveAt
    {
        get
        {
            lock (_lock)
            {
                return _lastActiveAt;
            }
        }
    }

    /// <summary>One statement ran (or failed): a read or a write, how long it took on the server, the rows it returned.</summary>
    public void Statement(bool write, TimeSpan elapsed, long rows, bool inTransaction, bool failed = false)
    {
        var bucket = LatencyHistogram.BucketOf(elapsed);
        lock (_lock)
        {
            _statements++;
            if (write)
            {
                _writes++;
            }
            else
            {
                _reads++;
            }

            _errors += failed ? 1 : 0;
            _inTransaction += inTransaction ? 1 : 0;
            _transactions += inTransaction ? 0 : 1;
            _rows += rows;
            _serverTicks += elapsed.Ticks;
            (_latency ??= new long[LatencyHistogram.Buckets])[bucket]++;
            _lastActiveAt = _hub.Now;
            _dirty = true;
        }
    }

    /// <summary>The client did something that is no statement (an HTTP schema or status request): it is active.</summary>
    public void Touch()
    {
        lock (_lock)
        {
            _lastActiveAt = _hub.Now;
            _dirty = true;
        }
    }

    /// <summary>An explicit transaction ended (COMMIT or ROLLBACK).</summary>
    public void TransactionEnded()
    {
        lock (_lock)
        {
            _transactions++;
            _dirty = true;
        }
    }

    /// <summary>Bytes were sent to the client.</summary>
    public void Sent(long bytes)
    {
        lock (_lock)
        {
            _bytes += bytes;
            _dirty = true;
        }
    }

    /// <summary>The session variables changed (SET, RESET, application_name): reported at once.</summary>
    public void Settings(IReadOnlyDictionary<string, string> settings)
    {
        lock (_lock)
        {
            _settings = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
            _dirty = true;
        }

        _hub.ReportNow(this);
    }

    /// <summary>The connection closed: the last report goes at once, and the session leaves this silo's table.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _hub.Closed(this, Killed ? $"killed: {reason}" : reason);
        }
    }

    /// <summary>The session's tier as its grain last told it (<see cref="TierAssignment.Default"/> until then); stamped on every statement.</summary>
    public TierAssignment Tier => Volatile.Read(ref _tier);

    Task ISessionConnection.TierChangedAsync(TierAssignment tier)
    {
        ArgumentNullException.ThrowIfNull(tier);
        lock (_lock)
        {
            // Under the lock with Close's last read, so the per-tier count of open sessions stays right.
            if (!IsClosed)
            {
                _hub.Metrics.TierMoved(_tier.Tier, tier.Tier);
                Volatile.Write(ref _tier, tier);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The tier the session had when it closed (read under the lock <see cref="ISessionConnection.TierChangedAsync"/> takes).</summary>
    internal Tier FinalTier()
    {
        lock (_lock)
        {
            return _tier.Tier;
        }
    }

    Task ISessionConnection.KillAsync(string reason)
    {
        Killed = true;
        _hub.Metrics.Killed(Opening.Protocol);
        if (Kill is { } kill)
        {
            kill(reason);
        }
        else
        {
            Close(reason);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The report of what happened since the last one, or null when nothing did and no keep-alive is due.
    /// <paramref name="closing"/> makes the last one.
    /// </summary>
    internal SessionReport? TakeReport(DateTimeOffset now, TimeSpan keepAlive, string? closing = null)
    {
        lock (_lock)
        {
            if (!_dirty && closing is null && now - _lastReportAt < keepAlive)
            {
                return null;
            }

            var load = new SessionLoadDelta(_statements, _reads, _writes, _errors, _inTransaction, _transactions, _rows, _bytes, _serverTicks,
                _latency is null ? [] : LatencyHistogram.Trim(_latency));
            var report = new SessionReport(Opening, now, _lastActiveAt, load.IsEmpty ? SessionLoadDelta.None : load, _settings,
                closing is null ? null : now, closing);
            _latency = null;

            _statements = _reads = _writes = _errors = _inTransaction = _transactions = _rows = _bytes = _serverTicks = 0;
            _settings = null;
            _dirty = false;
            _lastReportAt = now;
            return report;
        }
    }
}
