using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// Chooses the standby to promote so that no acknowledged commit is lost, then by health and weight.
/// </summary>
/// <remarks>
/// Why this is safe: the primary runs <c>synchronous_commit = on</c> with <c>synchronous_standby_names = 'ANY 1 (every
/// other member)'</c>, so it acknowledges a commit only after at least one standby has received and flushed the commit
/// record. WAL is a single ordered stream and each standby flushes a prefix of it, so the standby whose flushed WAL
/// reaches furthest holds every prefix any other standby holds, and therefore every acknowledged commit. That holds only
/// when every standby's position is known: one that does not answer may be the only one holding the latest acknowledged
/// commits, so the choice is refused (the caller can start it, or rebuild the group). The old primary is fenced before
/// the positions are read, so they no longer move, and a promoted standby replays all the WAL it holds before it takes
/// writes.
/// <para>
/// Weights and health only rank standbys that are equally safe: a standby whose WAL stops short of the furthest one may
/// lack the last acknowledged commits (with ANY 1, only the one that reaches furthest is known to hold them all), so it is
/// never chosen, whatever its weight. Among those reaching furthest, a healthy one beats an unhealthy one, then the higher
/// weight wins, then the one that replayed furthest, then name order. When none of those reaching furthest is healthy the
/// furthest is promoted anyway: it has just answered, and losing acknowledged commits is worse than promoting a member
/// whose last health verdict was bad.
/// </para>
/// </remarks>
internal static class FailoverCandidates
{
    /// <summary>
    /// The standby to promote: <paramref name="target"/> when given and it reaches as far as any other, otherwise the best
    /// of those reaching furthest (see the remarks). Throws <see cref="ErrorCodes.EngineNoSyncStandby"/> when no standby
    /// answers and <see cref="ErrorCodes.EngineFailoverUnsafe"/> when the choice could lose a commit.
    /// </summary>
    /// <param name="standbys">Every standby's position, read after the primary was fenced.</param>
    /// <param name="target">The standby asked for, or null to choose.</param>
    /// <param name="weightOf">Each standby's weight (null: all equal).</param>
    /// <param name="unhealthy">Standbys whose health is Failed or whose circuit is open (null: none).</param>
    public static string Choose(IReadOnlyList<StandbyPosition> standbys, string? target, Func<string, double>? weightOf = null, IReadOnlyCollection<string>? unhealthy = null)
    {
        var answered = standbys.Where(s => s.Answered).ToList();
        if (answered.Count == 0)
        {
            throw new DynamicDbException(ErrorCodes.EngineNoSyncStandby,
                standbys.Count == 0
                    ? "The group has no standby to promote."
                    : $"No standby answers ({string.Join(", ", standbys.Select(s => s.Name))}), so none can be promoted.",
                isTransient: true);
        }

        var silent = standbys.Where(s => !s.Answered).Select(s => s.Name).ToList();
        if (silent.Count > 0)
        {
            throw new DynamicDbException(ErrorCodes.EngineFailoverUnsafe,
                $"Standby {string.Join(", ", silent)} does not answer and may hold acknowledged commits the others lack; start it (or rebuild the group) before promoting.",
                isTransient: true);
        }

        var furthest = answered.Max(s => s.Reach);
        var best = answered
            .Where(s => s.Reach == furthest)
            .OrderBy(s => unhealthy?.Contains(s.Name) == true ? 1 : 0)
            .ThenByDescending(s => weightOf?.Invoke(s.Name) ?? 0)
            .ThenByDescending(s => s.ReplayedLsn ?? 0)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .First();
        if (target is null)
        {
            return best.Name;
        }

        var chosen = answered.FirstOrDefault(s => s.Name == target);
        if (chosen.Name is null)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"'{target}' is not a standby of the group; choose one of {string.Join(", ", answered.Select(s => s.Name))}.");
        }

        return chosen.Reach >= best.Reach
            ? chosen.Name
            : throw new DynamicDbException(ErrorCodes.EngineFailoverUnsafe,
                $"Standby '{target}' holds WAL up to byte {chosen.Reach} but '{best.Name}' holds up to {best.Reach}; promoting '{target}' could lose acknowledged commits.");
    }
}
