using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.GrainDirectory;

/// <summary>What every <see cref="IGrainDirectory"/> must do. Each test works in a fresh cluster id.</summary>
public abstract partial class GrainDirectoryContractTests : IAsyncLifetime
{
    private readonly List<IGrainDirectory> _directories = [];
    private IGrainDirectory? _directory;
    private long _generation = 1_763_700_000_000;

    protected string ClusterId { get; } = NewClusterId();

    protected IGrainDirectory Directory => _directory ?? throw new InvalidOperationException("The directory has not been created.");

    /// <summary>A directory of <paramref name="clusterId"/> over the test's store (two calls for one cluster see the same entries).</summary>
    protected abstract Task<IGrainDirectory> CreateDirectoryAsync(string clusterId);

    public virtual async Task InitializeAsync() => _directory = await DirectoryOfAsync(ClusterId);

    public virtual async Task DisposeAsync()
    {
        foreach (var directory in _directories)
        {
            if (directory is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    protected static string NewClusterId() => $"cluster-{Guid.NewGuid():N}"[..20];

    protected async Task<IGrainDirectory> DirectoryOfAsync(string clusterId)
    {
        var directory = await CreateDirectoryAsync(clusterId);
        _directories.Add(directory);
        return directory;
    }

    protected static GrainId NewGrain(string type = "counter") => new(type, Guid.NewGuid().ToString("N"));

    protected SiloAddress NewSilo(int port = 11111) => new("127.0.0.1", port, Interlocked.Increment(ref _generation));

    protected static GrainAddress On(GrainId grain, SiloAddress silo) => new(grain, silo, Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_registered_entry_is_found_by_Lookup()
    {
        var address = On(NewGrain(), NewSilo());

        Assert.Equal(address, await Directory.Register(address));

        Assert.Equal(address, await Directory.Lookup(address.GrainId));
    }

    [Fact]
    public async Task Lookup_of_a_grain_without_an_entry_is_null()
    {
        Assert.Null(await Directory.Lookup(NewGrain()));
    }

    [Fact]
    public async Task A_second_registration_gets_the_existing_entry_and_does_not_replace_it()
    {
        var grain = NewGrain();
        var first = On(grain, NewSilo(1));
        await Directory.Register(first);

        Assert.Equal(first, await Directory.Register(On(grain, NewSilo(2))));
        Assert.Equal(first, await Directory.Register(On(grain, first.Silo)));
        Assert.Equal(first, await Directory.Lookup(grain));
    }

    [Fact]
    public async Task Registering_the_same_address_again_returns_it()
    {
        var address = On(NewGrain(), NewSilo());
        await Directory.Register(address);

        Assert.Equal(address, await Directory.Register(address));
        Assert.Equal(address, await Directory.Register(address, previous: null));
    }

    [Fact]
    public async Task Of_a_hundred_concurrent_registrations_of_one_grain_exactly_one_wins_and_all_get_it()
    {
        var grain = NewGrain();
        var candidates = Enumerable.Range(1, 100).Select(port => On(grain, NewSilo(port))).ToArray();
        using var go = new ManualResetEventSlim();

        var registrations = candidates.Select(candidate => Task.Run(async () =>
        {
            go.Wait();
            return await Directory.Register(candidate);
        })).ToArray();
        go.Set();
        var results = await Task.WhenAll(registrations);

        var winner = results[0];
        Assert.Contains(winner, candidates);
        Assert.All(results, result => Assert.Equal(winner, result));
        Assert.Equal(winner, await Directory.Lookup(grain));
    }

    [Fact]
    public async Task Registrations_of_different_grains_do_not_interfere()
    {
        var silo = NewSilo();
        var addresses = Enumerable.Range(0, 50).Select(_ => On(NewGrain(), silo)).ToArray();

        var results = await Task.WhenAll(addresses.Select(address => Task.Run(() => Directory.Register(address))));

        Assert.Equal(addresses, results);
    }
}
