using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

public abstract partial class MembershipTableContractTests
{
    [Fact]
    public async Task An_update_with_the_current_etag_and_version_replaces_the_row_and_changes_its_etag()
    {
        var entry = NewEntry(NewSilo(), SiloStatus.Joining);
        var etag = await InsertAsync(entry);
        var read = await Table.ReadAll();
        var active = entry with { Status = SiloStatus.Active, IAmAliveTime = Start.AddMinutes(1) };

        Assert.True(await Table.UpdateRow(active, etag, read.Version.Next()));

        var after = await Table.ReadAll();
        var (stored, newEtag) = Assert.Single(after.Members);
        Assert.Equal(active, stored);
        Assert.NotEqual(etag, newEtag);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_fails_even_at_the_current_version()
    {
        var entry = NewEntry(NewSilo());
        var staleEtag = await InsertAsync(entry);
        var read = await Table.ReadAll();
        Assert.True(await Table.UpdateRow(entry with { SiloName = "renamed" }, staleEtag, read.Version.Next()));
        var current = await Table.ReadAll();

        Assert.False(await Table.UpdateRow(entry with { Status = SiloStatus.Dead }, staleEtag, current.Version.Next()));

        var (stored, _) = Assert.Single((await Table.ReadAll()).Members);
        Assert.Equal("renamed", stored.SiloName);
        Assert.Equal(SiloStatus.Active, stored.Status);
    }

    [Fact]
    public async Task An_update_with_a_stale_table_version_fails_even_with_the_current_row_etag()
    {
        var entry = NewEntry(NewSilo());
        var etag = await InsertAsync(entry);
        var stale = await Table.ReadAll();
        await InsertAsync(NewEntry(NewSilo()));

        Assert.False(await Table.UpdateRow(entry with { Status = SiloStatus.Dead }, etag, stale.Version.Next()));

        Assert.True((await Table.ReadRow(entry.SiloAddress)).TryGet(entry.SiloAddress, out var stored, out var storedEtag));
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(etag, storedEtag);
    }

    [Fact]
    public async Task An_update_of_a_silo_without_a_row_fails()
    {
        var read = await Table.ReadAll();

        Assert.False(await Table.UpdateRow(NewEntry(NewSilo()), "no-such-etag", read.Version.Next()));
        Assert.Equal(read.Version, (await Table.ReadAll()).Version);
    }

    [Fact]
    public async Task Of_several_silos_declaring_the_same_silo_dead_at_once_exactly_one_wins()
    {
        var victim = NewEntry(NewSilo(1));
        var etag = await InsertAsync(victim);
        var snapshot = await Table.ReadAll();
        var accusers = Enumerable.Range(2, 8).Select(port => NewSilo(port)).ToArray();
        using var go = new ManualResetEventSlim();

        var attempts = accusers.Select(accuser => Task.Run(async () =>
        {
            var table = await CreateTableAsync(ClusterId);
            go.Wait();
            var dead = victim.WithSuspecter(accuser, Start.AddMinutes(5)) with { Status = SiloStatus.Dead };
            var won = await table.UpdateRow(dead, etag, snapshot.Version.Next());
            return (accuser, won);
        })).ToArray();
        go.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, result => result.won).accuser;
        var (stored, _) = Assert.Single((await Table.ReadAll()).Members);
        Assert.Equal(SiloStatus.Dead, stored.Status);
        Assert.Equal(winner, Assert.Single(stored.SuspectTimes).Suspecter);
        Assert.Equal(snapshot.Version.Version + 1, (await Table.ReadAll()).Version.Version);
    }

    [Fact]
    public async Task Concurrent_joins_that_retry_after_losing_all_land_and_every_snapshot_is_consistent()
    {
        // Each insert adds one row and one version, so in every consistent snapshot rows == version.
        var silos = Enumerable.Range(1, 12).Select(port => NewSilo(port)).ToArray();
        var snapshots = new System.Collections.Concurrent.ConcurrentBag<MembershipTableData>();
        var joins = silos.Select(silo => Task.Run(async () =>
        {
            var table = await CreateTableAsync(ClusterId);
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 500, $"{silo} could not join after {attempt} attempts");
                var read = await table.ReadAll();
                snapshots.Add(read);
                if (await table.InsertRow(NewEntry(silo), read.Version.Next()))
                {
                    return;
                }
            }
        })).ToArray();
        var reader = Task.Run(async () =>
        {
            while (!joins.All(join => join.IsCompleted))
            {
                snapshots.Add(await Table.ReadAll());
            }
        });

        await Task.WhenAll(joins);
        await reader;

        var final = await Table.ReadAll();
        Assert.Equal(silos.Length, final.Version.Version);
        Assert.Equal(silos.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal), final.Members.Select(m => m.Entry.SiloAddress));
        Assert.All(snapshots, snapshot => Assert.Equal(snapshot.Version.Version, snapshot.Members.Count));
    }

    [Fact]
    public async Task A_heartbeat_changes_only_the_heartbeat_not_the_version_nor_the_etag()
    {
        var entry = NewEntry(NewSilo());
        var etag = await InsertAsync(entry);
        var before = await Table.ReadAll();

        await Table.UpdateIAmAlive(entry with { IAmAliveTime = Start.AddMinutes(2), Status = SiloStatus.Dead, SiloName = "ignored" });

        var after = await Table.ReadAll();
        var (stored, storedEtag) = Assert.Single(after.Members);
        Assert.Equal(entry with { IAmAliveTime = Start.AddMinutes(2) }, stored);
        Assert.Equal(etag, storedEtag);
        Assert.Equal(before.Version, after.Version);

        // A compare-and-swap prepared before the heartbeat still wins.
        Assert.True(await Table.UpdateRow(stored with { Status = SiloStatus.ShuttingDown }, etag, before.Version.Next()));
    }

    [Fact]
    public async Task A_heartbeat_of_a_silo_without_a_row_does_nothing()
    {
        var before = await Table.ReadAll();

        await Table.UpdateIAmAlive(NewEntry(NewSilo()));

        var after = await Table.ReadAll();
        Assert.Empty(after.Members);
        Assert.Equal(before.Version, after.Version);
    }
}
