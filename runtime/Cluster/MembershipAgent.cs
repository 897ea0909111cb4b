using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>
/// This silo's part in membership: it joins the table (Joining, then Active), writes heartbeats, re-reads the table,
/// probes a few peers, votes a peer that stops answering dead and declares it dead by an atomic table update (one
/// of several racing silos wins), declares dead a peer whose heartbeats stopped, and stops this silo when it finds
/// itself declared dead. Everyone else learns of changes through <see cref="Changed"/>.
/// </summary>
public sealed partial class MembershipAgent : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly LocalSiloDetails _local;
    private readonly ISiloProber _prober;
    private readonly ClusterMembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _heartbeat;
    private ITimer? _refresh;
    private ITimer? _probe;
    private MembershipEntry? _self;
    private volatile MembershipSnapshot _snapshot = MembershipSnapshot.Empty;
    private int _probing;

    public MembershipAgent(IMembershipTable table, LocalSiloDetails local, ISiloProber prober, IOptions<ClusterMembershipOptions> options, TimeProvider time, ILogger<MembershipAgent> logger)
    {
        _table = table;
        _local = local;
        _prober = prober;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised (on a timer thread) whenever the set or state of silos changed.</summary>
    public event Action<MembershipSnapshot>? Changed;

    /// <summary>Raised once when this silo finds itself declared dead; the silo must stop.</summary>
    public event Action? DeclaredDead;

    public MembershipSnapshot Snapshot => _snapshot;

    public SiloAddress Self => _local.SiloAddress;

    /// <summary>Joins the cluster: writes this silo's row as Joining, then Active, and starts the timers.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await _table.InitializeMembershipTable(tryInitTableVersion: true).ConfigureAwait(false);
        var now = _time.GetUtcNow().UtcDateTime;
        var entry = new MembershipEntry
        {
            SiloAddress = _local.SiloAddress,
            Status = SiloStatus.Joining,
            SiloName = _local.Name,
            HostName = Environment.MachineName,
            GatewayPort = _local.GatewayPort,
            HttpAddress = _local.HttpAddress,
            StartTime = now,
            IAmAliveTime = now,
        };
        await RetryAsync(async () =>
        {
            var data = await _table.ReadAll().ConfigureAwait(false);
            return await _table.InsertRow(entry, data.Version.Next()).ConfigureAwait(false);
        }, "insert this silo's row", cancellationToken).ConfigureAwait(false);
        _self = entry;
        await SetOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        LogJoined(_local.SiloAddress, _snapshot.ActiveSilos.Count);

        _heartbeat = _time.CreateTimer(static s => _ = ((MembershipAgent)s!).HeartbeatAsync(), this, _options.IAmAliveTablePublishTimeout, _options.IAmAliveTablePublishTimeout);
        _refresh = _time.CreateTimer(static s => _ = ((MembershipAgent)s!).RefreshAsync(), this, _options.TableRefreshTimeout, _options.TableRefreshTimeout);
        _probe = _time.CreateTimer(static s => _ = ((MembershipAgent)s!).ProbeAsync(), this, _options.ProbeTimeout, _options.ProbeTimeout);
    }

    /// <summary>Graceful leave, first step: others stop sending new work here.</summary>
    public Task BeginLeaveAsync(CancellationToken cancellationToken) => SetOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken);

    /// <summary>Graceful leave, last step: the row says Dead and the timers stop.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        StopTimers();
        await SetOwnStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        LogLeft(_local.SiloAddress);
    }

    /// <summary>Re-reads the table now (e.g. after a call to a silo failed) and publishes changes.</summary>
    public async Task RefreshAsync()
    {
        if (_stopping.IsCancellationRequested || !await _refreshGate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var data = await _table.ReadAll().ConfigureAwait(false);
            if (!data.TryGet(_local.SiloAddress, out var own, out _) || own.Status == SiloStatus.Dead)
            {
                if (_self is not null && _self.Status != SiloStatus.Dead)
                {
                    StopTimers();
                    LogDeclaredDead(_local.SiloAddress);
                    DeclaredDead?.Invoke();
                }

                return;
            }

            Publish(data);
            await DeclareSilentSilosDeadAsync(data).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogTableFailed(exception);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        StopTimers();
        await Task.Yield();
        _refreshGate.Dispose();
        _stopping.Dispose();
    }

    internal void Publish(MembershipTableData data)
    {
        var previous = _snapshot;
        var next = new MembershipSnapshot(data.Version.Version, [.. data.Members.Select(m => m.Entry)]);
        if (next.Version == previous.Version && next.Entries.Count == previous.Entries.Count)
        {
            return;
        }

        _snapshot = next;
        if (!previous.ActiveSilos.SequenceEqual(next.ActiveSilos) || !previous.DeadSilos.SequenceEqual(next.DeadSilos))
        {
            LogMembershipChanged(next.Version, string.Join(", ", next.ActiveSilos), string.Join(", ", next.DeadSilos));
        }

        Changed?.Invoke(next);
    }

    private async Task HeartbeatAsync()
    {
        if (_self is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _self = _self with { IAmAliveTime = _time.GetUtcNow().UtcDateTime };
            await _table.UpdateIAmAlive(_self).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogTableFailed(exception);
        }
    }

    private async Task ProbeAsync()
    {
        if (_stopping.IsCancellationRequested || Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var target in ProbeTargets(_snapshot))
            {
                var answered = await _prober.ProbeAsync(target, _options.ProbeTimeout, _stopping.Token).ConfigureAwait(false);
                var missed = answered ? 0 : _missedProbes.GetValueOrDefault(target) + 1;
                _missedProbes[target] = missed;
                if (missed >= _options.NumMissedProbesLimit)
                {
                    LogProbesMissed(target, missed);
                    await VoteDeadAsync(target, "missed probes").ConfigureAwait(false);
                    _missedProbes.Remove(target);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogTableFailed(exception);
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    /// <summary>The next <see cref="ClusterMembershipOptions.NumProbedSilos"/> active silos after this one in a stable order, so every silo is watched.</summary>
    private IEnumerable<SiloAddress> ProbeTargets(MembershipSnapshot snapshot)
    {
        var others = snapshot.ActiveSilos;
        var self = _local.SiloAddress;
        var start = others.Count(s => string.CompareOrdinal(s.ToParsableString(), self.ToParsableString()) <= 0);
        return Enumerable.Range(0, others.Count).Select(i => others[(start + i) % others.Count]).Where(s => s != self).Take(_options.NumProbedSilos);
    }

    /// <summary>A silo whose heartbeats stopped long ago is dead, whether or not anyone can probe it.</summary>
    private async Task DeclareSilentSilosDeadAsync(MembershipTableData data)
    {
        var limit = _options.IAmAliveTablePublishTimeout * _options.NumMissedTableIAmAliveLimit;
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var (entry, _) in data.Members)
        {
            var lastSign = entry.IAmAliveTime > entry.StartTime ? entry.IAmAliveTime : entry.StartTime;
            if (entry.SiloAddress != _local.SiloAddress && entry.Status is SiloStatus.Active or SiloStatus.Joining or SiloStatus.ShuttingDown && now - lastSign > limit)
            {
                LogHeartbeatsStale(entry.SiloAddress, now - lastSign);
                await VoteDeadAsync(entry.SiloAddress, "stale heartbeats", declareNow: true).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Adds this silo's vote; the vote that reaches the threshold also sets the status to Dead, atomically.</summary>
    private async Task VoteDeadAsync(SiloAddress target, string why, bool declareNow = false)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var data = await _table.ReadAll().ConfigureAwait(false);
            if (!data.TryGet(target, out var entry, out var etag) || entry.Status == SiloStatus.Dead)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            var fresh = entry.SuspectTimes.Where(v => v.Suspecter != _local.SiloAddress && now - v.Time < _options.DeathVoteExpirationTimeout).ToList();
            var voters = data.Members.Count(m => m.Entry.Status == SiloStatus.Active && m.Entry.SiloAddress != target);
            var needed = Math.Max(1, Math.Min(_options.NumVotesForDeathDeclaration, voters));
            var declare = declareNow || fresh.Count + 1 >= needed;
            var updated = entry with
            {
                Status = declare ? SiloStatus.Dead : entry.Status,
                SuspectTimes = [.. fresh, (_local.SiloAddress, now)],
            };
            if (await _table.UpdateRow(updated, etag, data.Version.Next()).ConfigureAwait(false))
            {
                if (declare)
                {
                    LogDeclaredOtherDead(target, why, fresh.Count + 1);
                }

                await RefreshAfterWriteAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task RefreshAfterWriteAsync() => Publish(await _table.ReadAll().ConfigureAwait(false));

    private async Task SetOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        await RetryAsync(async () =>
        {
            var data = await _table.ReadAll().ConfigureAwait(false);
            if (!data.TryGet(_local.SiloAddress, out var entry, out var etag))
            {
                return true;
            }

            if (entry.Status == SiloStatus.Dead)
            {
                // Declared dead by the others (or already left): nothing to announce any more.
                return true;
            }

            var updated = entry with { Status = status, IAmAliveTime = _time.GetUtcNow().UtcDateTime };
            if (!await _table.UpdateRow(updated, etag, data.Version.Next()).ConfigureAwait(false))
            {
                return false;
            }

            _self = updated;
            return true;
        }, $"set this silo's status to {status}", cancellationToken).ConfigureAwait(false);
        await RefreshAfterWriteAsync().ConfigureAwait(false);
    }

    private static async Task RetryAsync(Func<Task<bool>> attempt, string what, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await attempt().ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)), cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"Could not {what}: the membership table kept changing under 50 attempts.");
    }

    private void StopTimers()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        _heartbeat?.Dispose();
        _refresh?.Dispose();
        _probe?.Dispose();
    }
}
