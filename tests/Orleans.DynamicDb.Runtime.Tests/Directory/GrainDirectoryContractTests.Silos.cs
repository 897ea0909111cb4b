using Orleans.DynamicDb.Runtime.GrainDirectory;

namespace Orleans.DynamicDb.Runtime.Tests.GrainDirectory;

public abstract partial class GrainDirectoryContractTests
{
    [Fact]
    public async Task UnregisterSilos_drops_every_entry_on_those_silos_and_keeps_the_others()
    {
        var (a, b, c) = (NewSilo(1), NewSilo(2), NewSilo(3));
        var onA = Enumerable.Range(0, 450).Select(_ => On(NewGrain(), a)).ToArray();
        var onB = Enumerable.Range(0, 5).Select(_ => On(NewGrain(), b)).ToArray();
        var onC = Enumerable.Range(0, 5).Select(_ => On(NewGrain(), c)).ToArray();
        await Task.WhenAll(onA.Concat(onB).Concat(onC).Select(address => Directory.Register(address)));

        await Directory.UnregisterSilos([a, b]);

        foreach (var address in onA.Concat(onB))
        {
            Assert.Null(await Directory.Lookup(address.GrainId));
        }

        foreach (var address in onC)
        {
            Assert.Equal(address, await Directory.Lookup(address.GrainId));
        }
    }

    [Fact]
    public async Task UnregisterSilos_keeps_a_grain_that_moved_away_from_the_silo()
    {
        var (dead, survivor) = (NewSilo(1), NewSilo(2));
        var grain = NewGrain();
        var old = On(grain, dead);
        await Directory.Register(old);
        var moved = On(grain, survivor);
        await Directory.Register(moved, previous: old);

        await Directory.UnregisterSilos([dead]);

        Assert.Equal(moved, await Directory.Lookup(grain));
    }

    [Fact]
    public async Task UnregisterSilos_is_idempotent_and_accepts_silos_without_entries()
    {
        var silo = NewSilo();
        var address = On(NewGrain(), silo);
        await Directory.Register(address);

        await Directory.UnregisterSilos([silo, NewSilo(9)]);
        await Directory.UnregisterSilos([silo]);
        await Directory.UnregisterSilos([]);

        Assert.Null(await Directory.Lookup(address.GrainId));
    }

    [Fact]
    public async Task A_grain_registered_again_on_a_silo_after_UnregisterSilos_is_kept_until_the_next_one()
    {
        var silo = NewSilo();
        await Directory.UnregisterSilos([silo]);
        var address = On(NewGrain(), silo);

        await Directory.Register(address);

        Assert.Equal(address, await Directory.Lookup(address.GrainId));
        await Directory.UnregisterSilos([silo]);
        Assert.Null(await Directory.Lookup(address.GrainId));
    }

    [Fact]
    public async Task Each_cluster_sees_only_its_own_entries()
    {
        var other = await DirectoryOfAsync(NewClusterId());
        var grain = NewGrain();
        var mine = On(grain, NewSilo(1));
        var theirs = On(grain, NewSilo(2));

        Assert.Equal(mine, await Directory.Register(mine));
        Assert.Equal(theirs, await other.Register(theirs));

        await other.UnregisterSilos([mine.Silo, theirs.Silo]);
        Assert.Equal(mine, await Directory.Lookup(grain));
        Assert.Null(await other.Lookup(grain));
    }

    [Fact]
    public async Task A_second_directory_of_the_same_cluster_sees_the_same_entries()
    {
        var address = On(NewGrain(), NewSilo());
        await Directory.Register(address);

        var second = await DirectoryOfAsync(ClusterId);

        Assert.Equal(address, await second.Lookup(address.GrainId));
        Assert.Equal(address, await second.Register(On(address.GrainId, NewSilo(2))));
    }

    [Fact]
    public async Task Arguments_that_name_nothing_are_refused()
    {
        var address = On(NewGrain(), NewSilo());

        await Assert.ThrowsAsync<ArgumentException>(() => Directory.Lookup(default));
        await Assert.ThrowsAsync<ArgumentException>(() => Directory.Register(address with { GrainId = default }));
        await Assert.ThrowsAsync<ArgumentException>(() => Directory.Register(address with { Silo = default }));
        await Assert.ThrowsAsync<ArgumentException>(() => Directory.Register(address with { ActivationId = "" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Directory.Register(address, previous: On(NewGrain(), NewSilo())));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Directory.Register(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => Directory.UnregisterSilos([default]));
    }

    [Fact]
    public async Task Activation_ids_and_grain_keys_with_separators_round_trip()
    {
        var address = new GrainAddress(new GrainId("database", "app/db|x:y"), NewSilo(), "act|ivation:1");

        Assert.Equal(address, await Directory.Register(address));
        Assert.Equal(address, await Directory.Lookup(address.GrainId));
        await Directory.UnregisterSilos([address.Silo]);
        Assert.Null(await Directory.Lookup(address.GrainId));
    }
}
