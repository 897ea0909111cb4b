using System.Runtime.Versioning;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Ha.Reads;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Reads;

/// <summary>
/// Tier routing on a real <c>postgres-ha</c> group (a primary and two synchronous standbys): Low reads land on standbys,
/// High reads and every write on the primary, a session reads its own writes, lagging standbys are skipped, and reads in a
/// transaction stay on the primary.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class TierRoutingTests(TierRoutingFixture fixture, ITestOutputHelper output) : IClassFixture<TierRoutingFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private TierRoutingGroup Group => fixture.Group;

    [Fact]
    public async Task A_Low_read_lands_on_a_standby_and_a_High_or_quiet_Medium_read_on_the_primary()
    {
        await Eventually.True(() => Group.InRecoveryAsync(Tier.Low), "a Low read of pg_is_in_recovery() answers true (a standby)", Wait);

        Assert.True(await Group.InRecoveryAsync(Tier.Background));
        Assert.False(await Group.InRecoveryAsync(Tier.High));
        Assert.False(await Group.InRecoveryAsync(Tier.Medium, "medium-session"));
        Assert.False(await Group.InRecoveryAsync(Tier.Medium));
        Assert.True(Routed("low", "standby", "standby") > 0);
        Assert.True(Routed("high", "primary", "high") > 0);
        Assert.True(Routed("medium", "primary", "primary_has_room") > 0);
        Assert.True(Routed("medium", "primary", "no_session") > 0);
    }

    [Fact]
    public async Task Each_standby_reports_its_replay_lag()
    {
        await Eventually.True(() => Group.InRecoveryAsync(Tier.Low), "standbys serve Low reads", Wait);

        var lags = Group.Metrics.Observe(TierRoutingMetrics.ReplayLagInstrument);

        Assert.Equal(Group.Standbys.Order(), lags.Select(m => (string)m.Tags["member"]!).Order());
        Assert.All(lags, m => Assert.Equal("pg-tiers", m.Tags["engine"]));
    }

    [Fact]
    public async Task A_Low_write_runs_on_the_primary()
    {
        await Eventually.True(() => Group.InRecoveryAsync(Tier.Low), "standbys serve Low reads", Wait);
        var before = Routed("background", "primary", "write");

        var written = await Group.Database.QueryAsync(Statement.Of("INSERT INTO entries (n) VALUES (-1) RETURNING pg_is_in_recovery()").From("low-writer", Tier.Background));
        var executed = await Group.Database.ExecAsync(Statement.Of("INSERT INTO entries (n) VALUES (-2)").From("low-writer", Tier.Background));

        Assert.False((bool)written.Rows[0][0]!);
        Assert.Equal(1, executed.RowsAffected);
        Assert.Equal(before + 2, Routed("background", "primary", "write")); // sent there, not failed on a standby first
        Assert.Equal(0, Routed("background", "primary", "standby_failed"));
    }

    [Fact]
    public async Task A_Low_session_always_reads_its_own_writes_and_reads_from_a_standby_once_it_caught_up()
    {
        await Eventually.True(() => Group.InRecoveryAsync(Tier.Low), "standbys serve Low reads", Wait);
        var session = $"ryw-{Guid.NewGuid():N}";
        var immediatelyOnStandby = 0;
        var tries = 0;
        for (var i = 1000; i < 1020; i++)
        {
            await Group.Database.ExecAsync(Statement.Of("INSERT INTO entries (n) VALUES (?)", i).From(session, Tier.Low));
            var (seen, standby) = await ReadBackAsync(session, i);
            Assert.Equal(1, seen);
            immediatelyOnStandby += standby ? 1 : 0;

            // Later reads of the same session move to a standby once one has replayed the write, and still see it.
            await Eventually.True(async () =>
            {
                var (again, there) = await ReadBackAsync(session, i);
                Assert.Equal(1, again);
                tries++;
                return there;
            }, $"a read of session {session} lands on a standby after it replayed row {i}", Wait);
        }

        output.WriteLine($"reads right after the write on a standby: {immediatelyOnStandby} of 20; reads until one landed on a standby: {tries} for 20 writes");
    }

    [Fact]
    public async Task A_session_that_wrote_reads_the_primary_while_no_standby_has_replayed_its_write()
    {
        await Eventually.True(() => Group.InRecoveryAsync(Tier.Low), "standbys serve Low reads", Wait);
        var writer = $"writer-{Guid.NewGuid():N}";
        await Group.PauseReplayAsync();
        try
        {
            await Group.Database.ExecAsync(Statement.Of("INSERT INTO entries (n) VALUES (2000)").From(writer, Tier.Low));

            var (mine, mineOnStandby) = await ReadBackAsync(writer, 2000);
            var (others, othersOnStandby) = await ReadBackAsync($"reader-{Guid.NewGuid():N}", 2000);

            Assert.Equal((1, false), (mine, mineOnStandby));
            Assert.Equal((0, true), (others, othersOnStandby)); // the standbys really lack the row (lag 30 s allowed)
        }
        finally
        {
            await Group.ResumeReplayAsync();
        }

        await Eventually.True(async () => await ReadBackAsync(writer, 2000) == (1, true), "the writer reads from a standby once replay resumed", Wait);
    }

    [Fact]
    public async Task Low_reads_go_to_the_primary_while_every_standby_lags_beyond_the_bound()
    {
        await Eventually.True(() => Group.InRecoveryAsync(Tier.Low), "standbys serve Low reads", Wait);
        Group.Routing.MaxStandbyLag = TimeSpan.FromSeconds(1);
        await Group.PauseReplayAsync();
        try
        {
            await Group.Database.ExecAsync(Statement.Of("INSERT INTO entries (n) VALUES (3000)"));

            await Eventually.True(async () => !await Group.InRecoveryAsync(Tier.Low), "Low reads move to the primary once the standbys lag over 1 s", Wait);
            Assert.Equal((1, false), await ReadBackAsync(null, 3000));
        }
        finally
        {
            await Group.ResumeReplayAsync();
            Group.Routing.MaxStandbyLag = TierRoutingFixture.MaxLag;
        }

        await Eventually.True(() => Group.InRecoveryAsync(Tier.Low), "Low reads return to the standbys once they caught up", Wait);
    }

    [Fact]
    public async Task A_Low_read_inside_a_transaction_stays_on_the_primary()
    {
        await Eventually.True(() => Group.InRecoveryAsync(Tier.Low), "standbys serve Low reads", Wait);

        await using var transaction = await Group.Database.BeginAsync(readOnly: true);
        var inside = await transaction.QueryAsync(Statement.Of("SELECT pg_is_in_recovery()").From("tx-reader", Tier.Low));
        await transaction.CommitAsync();

        Assert.False((bool)inside.Rows[0][0]!);
    }

    private long Routed(string tier, string target, string reason) =>
        Group.Metrics.Sum(TierRoutingMetrics.RoutedInstrument, ("tier", tier), ("target", target), ("reason", reason));

    /// <summary>How many rows hold <paramref name="n"/>, and whether the read ran on a standby.</summary>
    private async Task<(long Seen, bool OnStandby)> ReadBackAsync(string? session, int n)
    {
        var result = await Group.Database.QueryAsync(
            Statement.Of("SELECT (SELECT count(*) FROM entries WHERE n = ?), pg_is_in_recovery()", n).From(session, Tier.Low));
        return ((long)result.Rows[0][0]!, (bool)result.Rows[0][1]!);
    }
}
