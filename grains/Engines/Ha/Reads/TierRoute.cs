using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>Where one autocommit read goes: a standby's name, or null for the primary, and why.</summary>
internal readonly record struct TierRoute(string? Standby, string Reason)
{
    /// <summary>
    /// Chooses for a read of <paramref name="tier"/>: High → the primary; Medium → the primary unless more than
    /// <paramref name="mediumPrimaryInFlight"/> statements run there and its session is known (<paramref name="knownSession"/>:
    /// unstamped statements are Medium by default, and without a session read-your-writes cannot hold), then as Low; Low and Background → the least-loaded
    /// (fewest reads in flight, by <paramref name="load"/>) qualifying standby that has replayed <paramref name="required"/>,
    /// else the primary. Ties go to the first in <paramref name="standbys"/> from <paramref name="rotation"/> on, so equal
    /// standbys share the reads.
    /// </summary>
    public static TierRoute Choose(
        Tier tier, bool knownSession, int primaryInFlight, int mediumPrimaryInFlight, IReadOnlyList<StandbyState> standbys, Func<StandbyState, bool> qualifies,
        Func<string, int> load, long required, int rotation)
    {
        if (tier == Tier.High)
        {
            return new(null, RouteReasons.High);
        }

        if (tier == Tier.Medium && !knownSession)
        {
            return new(null, RouteReasons.NoSession);
        }

        if (tier == Tier.Medium && primaryInFlight <= mediumPrimaryInFlight)
        {
            return new(null, RouteReasons.PrimaryHasRoom);
        }

        string? best = null;
        var bestLoad = int.MaxValue;
        var anyQualified = false;
        for (var i = 0; i < standbys.Count; i++)
        {
            var standby = standbys[(int)((uint)(rotation + i) % (uint)standbys.Count)];
            if (!qualifies(standby))
            {
                continue;
            }

            anyQualified = true;
            if ((standby.ReplayedLsn ?? -1) < required)
            {
                continue;
            }

            var inFlight = load(standby.Member);
            if (inFlight < bestLoad)
            {
                (best, bestLoad) = (standby.Member, inFlight);
            }
        }

        return best is not null ? new(best, RouteReasons.Standby)
            : new(null, anyQualified ? RouteReasons.SessionWrite : RouteReasons.NoStandby);
    }
}
