using System.Collections.Concurrent;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>
/// Read-your-writes: the primary's WAL position after each session's last write, so a read of that session goes to a
/// standby only once the standby has replayed it. Memory is bounded: an entry older than <c>retention</c> is dropped (by
/// then every standby that qualifies has passed it, see docs/tiers.md), and beyond <c>capacity</c> entries the oldest are
/// folded into one <see cref="Floor"/> position that every session's standby read must have passed while it is recent.
/// Thread-safe.
/// </summary>
internal sealed class SessionWrites(TimeSpan retention, int capacity)
{
    private readonly ConcurrentDictionary<string, (long Lsn, long At)> _last = new(StringComparer.Ordinal);
    private readonly Lock _floorLock = new();
    private (long Lsn, long At) _floor;

    /// <summary>Sessions remembered now.</summary>
    public int Count => _last.Count;

    /// <summary>The highest position folded out of the map while it is within the retention; 0 when none.</summary>
    public long Floor(long now)
    {
        lock (_floorLock)
        {
            return now - _floor.At <= retention.Ticks ? _floor.Lsn : 0;
        }
    }

    /// <summary>Remembers that <paramref name="session"/> wrote up to <paramref name="lsn"/> at <paramref name="now"/> (UTC ticks).</summary>
    public void Record(string session, long lsn, long now)
    {
        _last.AddOrUpdate(session, (lsn, now), (_, old) => (Math.Max(old.Lsn, lsn), now));
        if (_last.Count > capacity)
        {
            Prune(now);
        }
    }

    /// <summary>The position a standby must have replayed to serve <paramref name="session"/> now (0: any).</summary>
    public long Required(string? session, long now)
    {
        var floor = Floor(now);
        if (session is not null && _last.TryGetValue(session, out var last) && now - last.At <= retention.Ticks)
        {
            return Math.Max(floor, last.Lsn);
        }

        return floor;
    }

    /// <summary>Drops expired entries; when still over capacity, folds the oldest into the floor.</summary>
    public void Prune(long now)
    {
        foreach (var (session, last) in _last)
        {
            if (now - last.At > retention.Ticks)
            {
                _last.TryRemove(new KeyValuePair<string, (long, long)>(session, last));
            }
        }

        var excess = _last.Count - capacity;
        if (excess <= 0)
        {
            return;
        }

        foreach (var (session, last) in _last.OrderBy(e => e.Value.At).Take(excess + capacity / 10).ToList())
        {
            if (_last.TryRemove(new KeyValuePair<string, (long, long)>(session, last)))
            {
                lock (_floorLock)
                {
                    _floor = (Math.Max(_floor.Lsn, last.Lsn), Math.Max(_floor.At, last.At));
                }
            }
        }
    }
}
