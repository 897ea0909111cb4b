using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>
/// The grain directory of one cluster in this process's memory, for tests and development: share one instance between
/// the silos of an in-process cluster. Thread-safe; the same semantics as the durable directories.
/// </summary>
public sealed class InMemoryGrainDirectory(ILogger<InMemoryGrainDirectory>? logger = null) : IGrainDirectory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, GrainAddress> _entries = [];
    private readonly Dictionary<SiloAddress, HashSet<GrainId>> _bySilo = [];
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public async Task<GrainAddress> Register(GrainAddress address) => (await Register(address, previous: null).ConfigureAwait(false))!;

    public Task<GrainAddress?> Register(GrainAddress address, GrainAddress? previous)
    {
        GrainAddresses.Validate(address, nameof(address));
        GrainAddresses.ValidatePrevious(address, previous);
        GrainAddress? replaced = null;
        GrainAddress result;
        lock (_lock)
        {
            if (_entries.TryGetValue(address.GrainId, out var current) && current != address && current != previous)
            {
                return Task.FromResult<GrainAddress?>(current);
            }

            if (current is not null && current != address)
            {
                Remove(current);
                replaced = current;
            }

            _entries[address.GrainId] = address;
            GrainsOf(address.Silo).Add(address.GrainId);
            result = address;
        }

        if (replaced is not null)
        {
            GrainDirectoryLog.Replaced(_logger, address.GrainId, replaced.Silo, address.Silo);
        }

        return Task.FromResult<GrainAddress?>(result);
    }

    public Task<GrainAddress?> Lookup(GrainId grainId)
    {
        GrainAddresses.Validate(grainId, nameof(grainId));
        lock (_lock)
        {
            return Task.FromResult(_entries.GetValueOrDefault(grainId));
        }
    }

    public Task Unregister(GrainAddress address)
    {
        GrainAddresses.Validate(address, nameof(address));
        lock (_lock)
        {
            if (_entries.TryGetValue(address.GrainId, out var current) && current == address)
            {
                Remove(current);
            }
        }

        return Task.CompletedTask;
    }

    public Task UnregisterSilos(IReadOnlyList<SiloAddress> silos)
    {
        GrainAddresses.Validate(silos, nameof(silos));
        var removed = 0;
        lock (_lock)
        {
            foreach (var silo in silos)
            {
                if (_bySilo.Remove(silo, out var grains))
                {
                    foreach (var grainId in grains)
                    {
                        _entries.Remove(grainId);
                        removed++;
                    }
                }
            }
        }

        if (removed > 0)
        {
            GrainDirectoryLog.SilosUnregistered(_logger, removed, silos);
        }

        return Task.CompletedTask;
    }

    private void Remove(GrainAddress address)
    {
        _entries.Remove(address.GrainId);
        if (_bySilo.TryGetValue(address.Silo, out var grains) && grains.Remove(address.GrainId) && grains.Count == 0)
        {
            _bySilo.Remove(address.Silo);
        }
    }

    private HashSet<GrainId> GrainsOf(SiloAddress silo)
    {
        if (!_bySilo.TryGetValue(silo, out var grains))
        {
            grains = [];
            _bySilo[silo] = grains;
        }

        return grains;
    }
}
