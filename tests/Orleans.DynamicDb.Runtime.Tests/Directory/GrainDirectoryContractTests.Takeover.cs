using Orleans.DynamicDb.Runtime.GrainDirectory;

namespace Orleans.DynamicDb.Runtime.Tests.GrainDirectory;

public abstract partial class GrainDirectoryContractTests
{
    [Fact]
    public async Task A_conditional_registration_replaces_the_entry_it_names()
    {
        var grain = NewGrain();
        var dead = On(grain, NewSilo(1));
        await Directory.Register(dead);
        var successor = On(grain, NewSilo(2));

        Assert.Equal(successor, await Directory.Register(successor, previous: dead));

        Assert.Equal(successor, await Directory.Lookup(grain));
    }

    [Fact]
    public async Task A_conditional_registration_naming_a_stale_entry_gets_the_current_one_and_changes_nothing()
    {
        var grain = NewGrain();
        var stale = On(grain, NewSilo(1));
        var current = On(grain, NewSilo(2));
        await Directory.Register(stale);
        await Directory.Register(current, previous: stale);

        Assert.Equal(current, await Directory.Register(On(grain, NewSilo(3)), previous: stale));
        Assert.Equal(current, await Directory.Register(On(grain, NewSilo(3)), previous: stale with { ActivationId = current.ActivationId }));
        Assert.Equal(current, await Directory.Lookup(grain));
    }

    [Fact]
    public async Task A_conditional_registration_stores_the_entry_when_the_grain_has_none()
    {
        var grain = NewGrain();
        var gone = On(grain, NewSilo(1));
        var address = On(grain, NewSilo(2));

        Assert.Equal(address, await Directory.Register(address, previous: gone));
        Assert.Equal(address, await Directory.Lookup(grain));
    }

    [Fact]
    public async Task A_conditional_registration_without_a_previous_entry_does_not_replace()
    {
        var grain = NewGrain();
        var first = On(grain, NewSilo(1));
        await Directory.Register(first);

        Assert.Equal(first, await Directory.Register(On(grain, NewSilo(2)), previous: null));
    }

    [Fact]
    public async Task Of_many_silos_taking_over_from_a_dead_one_at_once_exactly_one_wins()
    {
        var grain = NewGrain();
        var dead = On(grain, NewSilo(1));
        await Directory.Register(dead);
        var candidates = Enumerable.Range(2, 30).Select(port => On(grain, NewSilo(port))).ToArray();
        using var go = new ManualResetEventSlim();

        var takeovers = candidates.Select(candidate => Task.Run(async () =>
        {
            go.Wait();
            return await Directory.Register(candidate, previous: dead);
        })).ToArray();
        go.Set();
        var results = await Task.WhenAll(takeovers);

        var winner = Assert.Single(candidates, candidate => results.Contains(candidate));
        Assert.All(results, result => Assert.Equal(winner, result));
        Assert.Equal(winner, await Directory.Lookup(grain));
    }

    [Fact]
    public async Task Unregister_removes_only_an_exactly_matching_entry()
    {
        var address = On(NewGrain(), NewSilo(1));
        await Directory.Register(address);

        await Directory.Unregister(address with { ActivationId = "another-activation" });
        await Directory.Unregister(address with { Silo = NewSilo(1) });
        Assert.Equal(address, await Directory.Lookup(address.GrainId));

        await Directory.Unregister(address);
        Assert.Null(await Directory.Lookup(address.GrainId));

        await Directory.Unregister(address);
    }

    [Fact]
    public async Task A_late_unregister_of_a_replaced_activation_leaves_its_successor()
    {
        var grain = NewGrain();
        var old = On(grain, NewSilo(1));
        await Directory.Register(old);
        var successor = On(grain, NewSilo(2));
        await Directory.Register(successor, previous: old);

        await Directory.Unregister(old);

        Assert.Equal(successor, await Directory.Lookup(grain));
    }

    [Fact]
    public async Task After_unregistering_a_grain_can_be_registered_anew()
    {
        var grain = NewGrain();
        var first = On(grain, NewSilo(1));
        await Directory.Register(first);
        await Directory.Unregister(first);
        var second = On(grain, NewSilo(2));

        Assert.Equal(second, await Directory.Register(second));
    }
}
