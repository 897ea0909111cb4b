using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Placement;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>
/// Finds the silo of a grain in a cluster: a local cache of directory entries, the directory, and placement for a
/// grain that has no activation. Keeps the directory's one-activation guarantee: an activation registers before it
/// runs, and a loser forwards to the winner. Entries on dead silos are dropped when membership says so.
/// </summary>
internal sealed partial class GrainLocator : IDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainAddress> _cache = new();
    private readonly HashSet<SiloAddress> _knownDead = [];
    private readonly IGrainDirectory _directory;
    private readonly MembershipAgent _agent;
    private readonly ILogger _logger;

    public GrainLocator(IGrainDirectory directory, MembershipAgent agent, ILogger<GrainLocator> logger)
    {
        _directory = directory;
        _agent = agent;
        _logger = logger;
        _agent.Changed += OnMembershipChanged;
    }

    public SiloAddress Self => _agent.Self;

    public bool TryGetCached(GrainId grainId, out SiloAddress silo)
    {
        if (_cache.TryGetValue(grainId, out var address) && !_agent.Snapshot.IsDead(address.Silo))
        {
            silo = address.Silo;
            return true;
        }

        silo = default;
        return false;
    }

    /// <summary>The silo that hosts the grain, or the one placement chooses for a new activation.</summary>
    public async Task<SiloAddress> LocateAsync(GrainId grainId, GrainClassInfo classInfo)
    {
        var found = await _directory.Lookup(grainId).ConfigureAwait(false);
        var snapshot = _agent.Snapshot;
        if (found is not null && IsUsable(snapshot, found.Silo))
        {
            _cache[grainId] = found;
            return found.Silo;
        }

        return PlacementDirector.Choose(classInfo.Placement, grainId, Self, snapshot.ActiveSilos, snapshot.Ring);
    }

    /// <summary>
    /// Registers a new local activation. Returns null when it won (it may run), else the winner it must forward to.
    /// Takes over an entry left by a dead silo.
    /// </summary>
    public async Task<GrainAddress?> RegisterAsync(GrainAddress mine)
    {
        var winner = await _directory.Register(mine).ConfigureAwait(false);
        for (var attempt = 0; attempt < 5 && winner != mine; attempt++)
        {
            if (IsUsable(_agent.Snapshot, winner.Silo))
            {
                _cache[mine.GrainId] = winner;
                return winner;
            }

            winner = await _directory.Register(mine, winner).ConfigureAwait(false) ?? await _directory.Register(mine).ConfigureAwait(false);
        }

        if (winner != mine)
        {
            throw new InvalidOperationException($"Could not register {mine} in the grain directory: the entry kept changing.");
        }

        _cache[mine.GrainId] = mine;
        return null;
    }

    public async Task UnregisterAsync(GrainAddress address)
    {
        _cache.TryRemove(new KeyValuePair<GrainId, GrainAddress>(address.GrainId, address));
        try
        {
            await _directory.Unregister(address).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogUnregisterFailed(address, exception);
        }
    }

    public void Invalidate(GrainId grainId) => _cache.TryRemove(grainId, out _);

    public void Dispose() => _agent.Changed -= OnMembershipChanged;

    private static bool IsUsable(MembershipSnapshot snapshot, SiloAddress silo) =>
        snapshot.StatusOf(silo) is SiloStatus.Active or SiloStatus.Joining or SiloStatus.ShuttingDown;

    private void OnMembershipChanged(MembershipSnapshot snapshot)
    {
        List<SiloAddress> newlyDead;
        lock (_knownDead)
        {
            newlyDead = [.. snapshot.DeadSilos.Where(_knownDead.Add)];
        }

        if (newlyDead.Count == 0)
        {
            return;
        }

        foreach (var (grainId, address) in _cache)
        {
            if (newlyDead.Contains(address.Silo))
            {
                _cache.TryRemove(new KeyValuePair<GrainId, GrainAddress>(grainId, address));
            }
        }

        _ = UnregisterSilosAsync(newlyDead);
    }

    private async Task UnregisterSilosAsync(IReadOnlyList<SiloAddress> dead)
    {
        try
        {
            await _directory.UnregisterSilos(dead).ConfigureAwait(false);
            LogDeadSilosUnregistered(string.Join(", ", dead));
        }
        catch (Exception exception)
        {
            LogUnregisterFailed(null, exception);
        }
    }

    [LoggerMessage(EventId = RuntimeEventIds.DirectoryCleaned, Level = LogLevel.Information, Message = "Removed the grain directory entries of dead silos {Silos}")]
    private partial void LogDeadSilosUnregistered(string silos);

    [LoggerMessage(EventId = RuntimeEventIds.DirectoryFailed, Level = LogLevel.Warning, Message = "A grain directory update failed for {Address}")]
    private partial void LogUnregisterFailed(GrainAddress? address, Exception exception);
}
