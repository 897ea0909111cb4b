using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Cluster;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Cluster;

/// <summary>
/// The membership protocol on a real in-memory table and a manual clock. Which silos answer probes is set by the
/// test (the transport's ping is tested with the transport).
/// </summary>
public sealed class MembershipAgentTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryMembershipTable _table = new("test");
    private readonly ConcurrentDictionary<SiloAddress, bool> _unreachable = new();
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), bool> _cut = new();
    private readonly List<MembershipAgent> _agents = [];

    [Fact]
    public async Task Silos_that_join_see_each_other_as_active()
    {
        var a = await JoinAsync(1);
        var b = await JoinAsync(2);
        await a.RefreshAsync();

        Assert.Equal([a.Self, b.Self], a.Snapshot.ActiveSilos);
        Assert.Equal([a.Self, b.Self], b.Snapshot.ActiveSilos);
    }

    [Fact]
    public async Task A_silo_that_stops_answering_probes_is_declared_dead_and_learns_it_and_stops()
    {
        var a = await JoinAsync(1);
        var b = await JoinAsync(2);
        var aDead = new TaskCompletionSource();
        a.DeclaredDead += () => aDead.TrySetResult();
        _unreachable[a.Self] = true;

        await AdvanceUntil(() => b.Snapshot.IsDead(a.Self), "b declares a dead after three missed probes");
        await a.RefreshAsync();
        await Eventually.Within(aDead.Task, "a learning it was declared dead");
        Assert.Equal([b.Self], b.Snapshot.ActiveSilos);
    }

    [Fact]
    public async Task With_three_silos_one_vote_is_not_enough_and_the_second_vote_declares_death()
    {
        var a = await JoinAsync(1);
        var b = await JoinAsync(2);
        var c = await JoinAsync(3);
        await a.RefreshAsync();
        await b.RefreshAsync();

        // Only a loses its link to c: one vote, and c stays active however long it lasts.
        _cut[(a.Self, c.Self)] = true;
        await AdvanceUntil(() => ReadEntry(c.Self).SuspectTimes.Count >= 1, "the first vote against c");
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(SiloStatus.Active, ReadEntry(c.Self).Status);

        // Now b loses it too: the second vote declares c dead.
        _cut[(b.Self, c.Self)] = true;
        await AdvanceUntil(() => ReadEntry(c.Self).Status == SiloStatus.Dead, "the second vote declares c dead");

        Assert.True(ReadEntry(c.Self).SuspectTimes.Select(v => v.Suspecter).Distinct().Count() >= 2);
    }

    [Fact]
    public async Task A_silo_whose_heartbeats_stopped_is_declared_dead_from_the_table()
    {
        var a = await JoinAsync(1);
        var b = await JoinAsync(2);
        await b.DisposeAsync();
        _agents.Remove(b);

        // b neither heartbeats nor answers; a's probes would also catch it, so keep probes answering to test heartbeats alone.
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await Eventually.True(() => ReadEntry(b.Self).Status == SiloStatus.Dead, "a declares b dead for its stale heartbeats");
        await Eventually.True(() => a.Snapshot.IsDead(b.Self), "a publishes the change");
    }

    [Fact]
    public async Task A_silo_that_leaves_gracefully_is_dead_in_the_table_and_others_see_it()
    {
        var a = await JoinAsync(1);
        var b = await JoinAsync(2);

        await b.BeginLeaveAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.ShuttingDown, ReadEntry(b.Self).Status);
        await b.LeaveAsync(CancellationToken.None);
        await a.RefreshAsync();

        Assert.Equal(SiloStatus.Dead, ReadEntry(b.Self).Status);
        Assert.Equal([a.Self], a.Snapshot.ActiveSilos);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }
    }

    private MembershipEntry ReadEntry(SiloAddress silo)
    {
        var data = _table.ReadAll().GetAwaiter().GetResult();
        Assert.True(data.TryGet(silo, out var entry, out _));
        return entry;
    }

    private async Task AdvanceUntil(Func<bool> condition, string what)
    {
        for (var i = 0; i < 50 && !condition(); i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        await Eventually.True(condition, what);
    }

    private async Task<MembershipAgent> JoinAsync(int port)
    {
        var local = new LocalSiloDetails { SiloAddress = new SiloAddress("127.0.0.1", port, 1), Name = $"silo{port}" };
        var agent = new MembershipAgent(_table, local, new Prober(local.SiloAddress, _unreachable, _cut), Options.Create(new ClusterMembershipOptions()), _time, NullLogger<MembershipAgent>.Instance);
        await agent.JoinAsync(CancellationToken.None);
        _agents.Add(agent);
        return agent;
    }

    private sealed class Prober(SiloAddress self, ConcurrentDictionary<SiloAddress, bool> unreachable, ConcurrentDictionary<(SiloAddress, SiloAddress), bool> cut) : ISiloProber
    {
        public Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(!unreachable.ContainsKey(silo) && !cut.ContainsKey((self, silo)));
    }
}
