using Orleans.DynamicDb.Engines.Ha;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>A registered replication group (servers someone else runs): no auto-fallback, but a rebuilt member is noticed.</summary>
internal sealed partial class EngineGrain
{
    private HashSet<string>? _fencedSeen;

    /// <summary>
    /// On each timer tick of a registered group with a fenced member: reads the group's status (which makes a fenced member
    /// that streams from the primary again a standby, persisted in the group's layout) and, when a member seen fenced at an
    /// earlier tick is a standby now, persists a <c>rebuild</c> event (<c>done: … rebuilt by its operator</c>).
    /// </summary>
    private async Task WatchRegisteredAsync()
    {
        if (_replicated is not { IsStarted: true, RunsMembers: false } group || state.State.LastFailoverAt is null)
        {
            return;
        }

        try
        {
            var observed = await group.GetGroupStatusAsync();
            var fenced = observed.Members.Where(m => m.Role == MemberRole.Fenced).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var member in _fencedSeen?.Where(m => !fenced.Contains(m) && observed.Members.Any(s => s.Name == m && s.Role == MemberRole.Standby)) ?? [])
            {
                await PersistLockedAsync(
                    [new Change(RebuildEvent, MemberId(member), "standby", $"done: {member} streams from {observed.Primary} again (rebuilt by its operator; registered group)")],
                    s => s.RejoinedAt = time.GetUtcNow());
                LogRejoined(_id, member, "its operator", 0);
            }

            _fencedSeen = fenced;
        }
        catch (Exception e)
        {
            LogFallbackFailed(e, _id);
        }
    }
}
