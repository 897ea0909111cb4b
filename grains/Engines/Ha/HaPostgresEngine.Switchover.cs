using System.Diagnostics;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>The planned switchover of a <c>postgres-ha</c> engine: statements held at the door, not failed.</summary>
public sealed partial class HaPostgresEngine
{
    private (long Epoch, string Primary, long FirstTxid, PostgresEngine Engine)? _prepared;

    /// <summary>
    /// A planned switchover to <paramref name="target"/> while the primary is healthy
    /// (<see cref="ReplicationGroup.SwitchOverAsync"/>): new statements are held at the engine's door (they wait, at most
    /// <see cref="EngineOptions.StatementTimeout"/>), those in flight finish, the target catches up with the primary's WAL
    /// within <see cref="SwitchoverOptions.CatchUpTimeout"/>, after the drain's <see cref="SwitchoverOptions.DrainTimeout"/>
    /// (<paramref name="bound"/>, when given, replaces both; the engine's <c>Switchover</c> settings), the old
    /// primary is fenced, the target promoted, the route to it prepared, and the held statements released to it. Nothing
    /// acknowledged is lost and no statement fails. When the statements in flight do not finish or the target does not
    /// catch up in time, the switchover is aborted with <c>engine.failover_unsafe</c> and the held statements go on to the
    /// old primary.
    /// </summary>
    public async Task<SwitchoverTimings> SwitchOverAsync(string target, TimeSpan? bound = null, CancellationToken cancellationToken = default)
    {
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var settings = _options.Switchover;
        var (drain, catchUp) = (bound ?? settings.DrainTimeout, bound ?? settings.CatchUpTimeout);
        var serving = await PrepareServingAsync(target, cancellationToken).ConfigureAwait(false);
        var used = false;
        try
        {
            var timings = await Group.SwitchOverAsync(target, catchUp, async ct =>
            {
                if (!await Door.HoldAsync(drain, ct).ConfigureAwait(false))
                {
                    throw new DynamicDbException(ErrorCodes.EngineFailoverUnsafe,
                        $"Switchover of engine '{Id}' to {target} aborted: {Door.InFlight} statements were still running after {drain.TotalMilliseconds} ms ({EngineRegistryOptions.SectionName}:N:Switchover:DrainTimeout); {Group.Primary} stays the primary.");
                }
            }, cancellationToken).ConfigureAwait(false);
            // Route (and read the new primary's first transaction id) before anything is released to it, and reopen the open
            // databases there meanwhile (in parallel, within a budget), so their next statements find them open.
            var releasing = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                _prepared = (timings.Epoch, timings.Primary, timings.NextTxid, serving);
            }

            used = true;
            await RouteAsync(cancellationToken).ConfigureAwait(false);
            var reopening = Task.WhenAll(_open.Keys.Select(c => c.FollowAsync(cancellationToken)));
            await Task.WhenAny(reopening, Task.Delay(settings.ReopenBudget, cancellationToken)).ConfigureAwait(false);
            _ = reopening.ContinueWith(t => t.Exception, TaskScheduler.Default); // a failed reopen is retried at the database's next statement
            var releaseMs = Math.Round(Stopwatch.GetElapsedTime(releasing).TotalMilliseconds, 1);
            return timings with { ReleaseMs = releaseMs, HeldMs = Math.Round(timings.HeldMs + releaseMs, 1) };
        }
        finally
        {
            Door.Release();
            if (!used)
            {
                await serving.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    Task<SwitchoverTimings> IReplicatedEngine.SwitchOverAsync(string target, CancellationToken cancellationToken) =>
        SwitchOverAsync(target, null, cancellationToken);

    /// <summary>
    /// The serving engine built for the target before statements were held, its maintenance pool warmed on the standby
    /// (sessions survive the promotion), so the first statements on the new primary skip a connection set-up.
    /// </summary>
    private async Task<PostgresEngine> PrepareServingAsync(string target, CancellationToken cancellationToken)
    {
        var engine = ServingEngine(target);
        if (_open.Keys.FirstOrDefault() is { } open)
        {
            try
            {
                await engine.ExistsAsync(open.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (DynamicDbException)
            {
                // Only a warm-up: the route opens what it needs after the promotion.
            }
        }

        return engine;
    }

    /// <summary>The serving engine and first transaction id prepared by a switchover for this epoch and primary, once.</summary>
    private (long FirstTxid, PostgresEngine Engine)? TakePrepared(long epoch, string primary)
    {
        lock (_lock)
        {
            if (_prepared is { } prepared && prepared.Epoch == epoch && prepared.Primary == primary)
            {
                _prepared = null;
                return (prepared.FirstTxid, prepared.Engine);
            }

            return null;
        }
    }
}
