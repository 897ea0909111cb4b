namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>
/// The primary's WAL positions as the lag poll read them, newest last, kept for <c>horizon</c>: what turns a standby's
/// replayed position into a lag in time. A standby that replayed position R lags by the time since the newest sample
/// whose position is at most R (it has everything the primary had written then), zero when R reaches the newest sample,
/// and <see cref="Unknown"/> when R is behind every sample kept (older than the horizon, or before the first poll).
/// Not thread-safe: the poll loop owns it.
/// </summary>
internal sealed class PrimaryWalHistory(TimeSpan horizon)
{
    /// <summary>The lag of a standby behind everything remembered.</summary>
    public static readonly TimeSpan Unknown = TimeSpan.MaxValue;

    private readonly LinkedList<(long At, long Lsn)> _samples = new();

    /// <summary>Samples kept now.</summary>
    public int Count => _samples.Count;

    /// <summary>Records the primary's position <paramref name="lsn"/> read at <paramref name="at"/> (UTC ticks of the engine's clock).</summary>
    public void Add(long at, long lsn)
    {
        if (_samples.Last is { } last && last.Value.Lsn == lsn && _samples.Count > 1 && last.Previous!.Value.Lsn == lsn)
        {
            // An idle primary: keep the first and the latest sample of a run of equal positions, not one per poll.
            last.Value = (at, lsn);
        }
        else
        {
            _samples.AddLast((at, lsn));
        }

        while (_samples.First is { } first && _samples.Count > 1 && TimeSpan.FromTicks(at - first.Value.At) > horizon)
        {
            _samples.RemoveFirst();
        }
    }

    /// <summary>Forgets every sample (a new primary: its positions do not compare with the old one's over time).</summary>
    public void Clear() => _samples.Clear();

    /// <summary>The lag of a standby that has replayed up to <paramref name="replayed"/>, at <paramref name="now"/>.</summary>
    public TimeSpan LagOf(long replayed, long now)
    {
        if (_samples.Last is not { } newest)
        {
            return Unknown;
        }

        if (replayed >= newest.Value.Lsn)
        {
            return TimeSpan.Zero;
        }

        // The newest sample the standby has passed (walking back, the first one met is the latest of a run of equals).
        for (var node = newest.Previous; node is not null; node = node.Previous)
        {
            if (node.Value.Lsn <= replayed)
            {
                return TimeSpan.FromTicks(Math.Max(0, now - node.Value.At));
            }
        }

        return Unknown;
    }
}
