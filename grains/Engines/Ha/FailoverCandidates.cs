using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// Chooses the standby to promote so that no acknowledged commit is lost.
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
/// </remarks>
internal static class FailoverCandidates
{
    /// <summary>
    /// The standby to promote: <paramref name="target"/> when given and it reaches as far as any other, otherwise the one
    /// reaching furthest (ties: furthest replayed, then name order). Throws <see cref="ErrorCodes.EngineNoSyncStandby"/>
    /// when no standby answers and <see cref="ErrorCodes.EngineFailoverUnsafe"/> when the choice could lose a commit.
    /// </summary>
    public static string Choose(IReadOnlyList<StandbyPosition> standbys, string? target)
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

        var best = answered
            .OrderByDescending(s => s.Reach)
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
