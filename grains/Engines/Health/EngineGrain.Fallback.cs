using Orleans.DynamicDb.Engines.Ha;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>Auto-fallback: the fenced former primary rejoins as a standby, and the preferred member becomes primary again.</summary>
internal sealed partial class EngineGrain
{
    private const string RebuildEvent = "rebuild";

    private bool _fallingBack;

    /// <summary>
    /// On each timer tick of a replication group that has failed over: rebuilds a fenced member as a standby (events
    /// <c>rebuild</c> before and after), and once the preferred member (the highest-weighted, see
    /// <see cref="EngineOptions.MemberWeights"/>; ties: name order, so m0 without weights) has been a synchronous standby
    /// since a member rejoined <see cref="EngineOptions.AutoFallbackInterval"/> ago, has stayed Healthy (its own health,
    /// circuit closed) for a grace period, and a grace period has passed since the last failover, switches back to it
    /// in a planned switchover (statements held, not failed; aborted and tried again at a later tick when it cannot catch
    /// up). One step per tick, never two at once. Every tick first observes the standbys' own health. With the interval zero nothing happens: fenced members stay fenced.
    /// </summary>
    private async Task FallBackIfDueAsync()
    {
        if (_fallingBack || _replicated is not { IsStarted: true } group)
        {
            return;
        }

        _fallingBack = true;
        try
        {
            var observed = await group.GetGroupStatusAsync();
            // Every tick observes the standbys' own health (EngineGrain.Members), whether or not a fallback is due.
            await WatchMembersAsync(observed);
            ObserveStandbys(observed);
            // A registered group (servers someone else runs) is only watched: its fenced member is rebuilt by its operator and
            // rejoins by itself, and a planned switchover back needs control of the servers' processes.
            if (!group.RunsMembers || observed.Pending is not null || state.State.LastFailoverAt is not { } lastFailover || _engine!.AutoFallbackInterval <= TimeSpan.Zero)
            {
                return;
            }

            if (observed.Members.FirstOrDefault(m => m.Role == MemberRole.Fenced) is { } fenced)
            {
                await RebuildAsync(group, fenced.Name, observed.Primary);
                return;
            }

            var interval = _engine.AutoFallbackInterval;
            var grace = _engine.Health.GracePeriod;
            // The preferred primary: the highest-weighted member (ties: name order, so m0 when no weights are set).
            var preferred = observed.Members.OrderByDescending(m => m.Weight).ThenBy(m => m.Name, StringComparer.Ordinal).First();
            var now = time.GetUtcNow();
            if (preferred.Name == observed.Primary || state.State.RejoinedAt is not { } rejoined
                || now - rejoined < interval || now - lastFailover < grace
                || preferred is not { Role: MemberRole.Standby, Running: true, State: "streaming", SyncState: "quorum" }
                || !IsWatchedHealthy(preferred.Name, grace))
            {
                return;
            }

            await _gate.WaitAsync();
            try
            {
                // The primary serves (the preferred standby streams from it): a planned switchover, statements held, not failed.
                await FailoverCoreAsync(group, preferred.Name,
                    $"auto-fallback: {preferred.Name} (weight {preferred.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}, the highest) has been a synchronous standby for {interval.TotalSeconds} s since a member rejoined and Healthy for the grace period of {grace.TotalSeconds} s", openedAt: null, planned: true);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e)
        {
            LogFallbackFailed(e, _id);
        }
        finally
        {
            _fallingBack = false;
        }
    }

    /// <summary>Rebuilds <paramref name="member"/>, persisting the decision before and the outcome (with its duration) after.</summary>
    private async Task RebuildAsync(IReplicatedEngine group, string member, string primary)
    {
        await PersistLockedAsync([new Change(RebuildEvent, MemberId(member), "standby", $"decided: rebuild the fenced {member} as a standby of {primary}")], null);
        var started = time.GetTimestamp();
        string method;
        try
        {
            method = await group.RebuildAsync(member);
        }
        catch (Exception e)
        {
            await PersistLockedAsync([new Change(RebuildEvent, MemberId(member), null, $"failed: {e.Message}", Elapsed(started))], null);
            throw;
        }

        var rejoined = time.GetUtcNow();
        await PersistLockedAsync(
            [new Change(RebuildEvent, MemberId(member), "standby", $"done: {member} streams from {primary} again (rebuilt with {method})", Elapsed(started))],
            s => s.RejoinedAt = rejoined);
        LogRejoined(_id, member, method, Elapsed(started));
    }

    private async Task PersistLockedAsync(List<Change> changes, Action<EngineGrainState>? adjust)
    {
        await _gate.WaitAsync();
        try
        {
            await PersistAsync(changes, time.GetUtcNow(), adjust);
        }
        finally
        {
            _gate.Release();
        }
    }

    private double Elapsed(long started) => Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1);
}
