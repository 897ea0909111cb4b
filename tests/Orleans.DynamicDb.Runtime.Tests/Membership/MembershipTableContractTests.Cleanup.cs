using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

public abstract partial class MembershipTableContractTests
{
    [Fact]
    public async Task Cleanup_removes_only_silos_that_are_not_active_and_silent_since_before_the_date()
    {
        var cutoff = new DateTimeOffset(Start.AddDays(7));
        var deadLongAgo = NewEntry(NewSilo(1), SiloStatus.Dead, Start.AddDays(1));
        var joiningLongAgo = NewEntry(NewSilo(2), SiloStatus.Joining, Start.AddDays(1));
        var activeButSilent = NewEntry(NewSilo(3), SiloStatus.Active, Start.AddDays(1));
        var deadRecently = NewEntry(NewSilo(4), SiloStatus.Dead, Start.AddDays(8));
        var deadJustAtCutoff = NewEntry(NewSilo(5), SiloStatus.Dead, Start.AddDays(7));
        var startedAfterCutoff = NewEntry(NewSilo(6), SiloStatus.Dead, Start) with { StartTime = Start.AddDays(9) };
        foreach (var entry in new[] { deadLongAgo, joiningLongAgo, activeButSilent, deadRecently, deadJustAtCutoff, startedAfterCutoff })
        {
            await InsertAsync(entry);
        }

        var before = await Table.ReadAll();

        await Table.CleanupDefunctSiloEntries(cutoff);

        var after = await Table.ReadAll();
        Assert.Equal(
            new[] { activeButSilent, deadRecently, deadJustAtCutoff, startedAfterCutoff }.Select(e => e.SiloAddress.ToParsableString()).Order(StringComparer.Ordinal),
            after.Members.Select(m => m.Entry.SiloAddress.ToParsableString()).Order(StringComparer.Ordinal));
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task Cleanup_uses_the_latest_heartbeat()
    {
        var entry = NewEntry(NewSilo(), SiloStatus.Dead, Start);
        await InsertAsync(entry);
        await Table.UpdateIAmAlive(entry with { IAmAliveTime = Start.AddDays(10) });

        await Table.CleanupDefunctSiloEntries(new DateTimeOffset(Start.AddDays(7)));

        Assert.Single((await Table.ReadAll()).Members);
    }

    [Fact]
    public async Task Each_cluster_sees_only_its_own_rows_and_deleting_one_cluster_leaves_the_other()
    {
        var otherClusterId = NewClusterId();
        var other = await TableOfAsync(otherClusterId);
        await other.InitializeMembershipTable(tryInitTableVersion: true);
        var mine = NewEntry(NewSilo(1));
        var theirs = NewEntry(NewSilo(2));
        await InsertAsync(mine);
        Assert.True(await other.InsertRow(theirs, (await other.ReadAll()).Version.Next()));

        Assert.Equal(mine, Assert.Single((await Table.ReadAll()).Members).Entry);
        Assert.Equal(theirs, Assert.Single((await other.ReadAll()).Members).Entry);
        Assert.Empty((await Table.ReadRow(theirs.SiloAddress)).Members);

        await Table.DeleteMembershipTableEntries(ClusterId);

        var deleted = await Table.ReadAll();
        Assert.Empty(deleted.Members);
        Assert.Equal(new TableVersion(0, string.Empty), deleted.Version);
        var kept = await other.ReadAll();
        Assert.Equal(theirs, Assert.Single(kept.Members).Entry);
        Assert.Equal(1, kept.Version.Version);
    }

    [Fact]
    public async Task A_deleted_cluster_starts_over_after_initialising_and_old_versions_stay_stale()
    {
        await InsertAsync(NewEntry(NewSilo()));
        var old = await Table.ReadAll();
        await Table.DeleteMembershipTableEntries(ClusterId);

        await Table.InitializeMembershipTable(tryInitTableVersion: true);

        var fresh = await Table.ReadAll();
        Assert.Empty(fresh.Members);
        Assert.Equal(0, fresh.Version.Version);
        Assert.False(await Table.InsertRow(NewEntry(NewSilo()), new TableVersion(1, old.Version.VersionEtag)));
        Assert.True(await Table.InsertRow(NewEntry(NewSilo()), fresh.Version.Next()));
    }

    [Fact]
    public async Task A_second_table_of_the_same_cluster_reads_what_the_first_wrote()
    {
        var entry = NewEntry(NewSilo());
        var etag = await InsertAsync(entry);

        var second = await TableOfAsync(ClusterId);
        await second.InitializeMembershipTable(tryInitTableVersion: true);

        var read = await second.ReadAll();
        Assert.Equal((entry, etag), Assert.Single(read.Members));
        Assert.True(await second.UpdateRow(entry with { Status = SiloStatus.Dead }, etag, read.Version.Next()));
    }

    [Fact]
    public async Task Arguments_that_name_nothing_are_refused()
    {
        var read = await Table.ReadAll();

        await Assert.ThrowsAsync<ArgumentException>(() => Table.ReadRow(default));
        await Assert.ThrowsAsync<ArgumentException>(() => Table.InsertRow(NewEntry(default), read.Version.Next()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Table.InsertRow(null!, read.Version.Next()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Table.UpdateRow(NewEntry(NewSilo()), null!, read.Version.Next()));
    }
}
