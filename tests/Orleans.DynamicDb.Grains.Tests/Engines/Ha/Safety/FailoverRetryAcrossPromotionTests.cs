using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Safety;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Safety;

/// <summary>Writes interrupted by a real failover (SIGKILL of the primary's postmaster, promotion of a standby) are resolved on the new primary.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class FailoverRetryAcrossPromotionTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;
    private readonly ITestOutputHelper _output;

    public FailoverRetryAcrossPromotionTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Attach(output);
    }

    private ReplicationGroup Group => _fixture.Group;

    [Fact]
    public async Task After_a_failover_and_other_writes_a_write_committed_before_it_is_reported_done_and_a_write_cut_before_its_commit_is_applied_once()
    {
        var old = Group.Primary;
        await _fixture.ExecuteAsync(old, "CREATE TABLE cut (id int PRIMARY KEY, n int); INSERT INTO cut VALUES (1, 0); CREATE TABLE done (id serial PRIMARY KEY, v text)");
        await using var oldDatabase = GroupDatabase.Open(Group, old, GroupDatabase.Tracking(TimeSpan.Zero), "promotion-old");
        var promoted = new TaskCompletionSource<IDatabaseConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        long? firstTxid = null;
        var retry = new FailoverRetry(new FailoverOptions { Attempts = 3, Delay = TimeSpan.FromMilliseconds(50) }, "ha",
            TestOutputLoggerProvider.CreateFactory(_output).CreateLogger<FailoverRetry>(),
            firstTxidOfNewPrimary: (wrote, now, _) => Task.FromResult(ReferenceEquals(wrote, oldDatabase) && !ReferenceEquals(now, oldDatabase) ? firstTxid : null));
        // "The connection on the current primary": the old one first, then (once promoted) the new one.
        Task<IDatabaseConnection> Current(ref int calls) => calls++ == 0 ? Task.FromResult(oldDatabase) : promoted.Task;
        int doneCalls = 0, cutCalls = 0;

        // 1. A write that commits on the old primary while no standby runs; its session ends before it is acknowledged.
        foreach (var standby in Group.Members.Where(m => m != old))
        {
            await Group.StopMemberAsync(standby);
        }

        var done = retry.ExecAsync(new Statement("INSERT INTO done (v) VALUES ('once')", []), _ => Current(ref doneCalls));
        await TerminateAsync(old, "promotion-old", "wait_event = 'SyncRep'", "the commit waits for a synchronous standby");
        await Group.StartAsync(); // the standbys come back and receive the commit

        // 2. A write waiting for a row lock on the old primary when it is killed: never committed.
        await using var holder = await _fixture.OpenAsync(old);
        var transaction = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT n FROM cut WHERE id = 1 FOR UPDATE", holder, transaction))
        {
            await take.ExecuteScalarAsync();
        }

        var cut = retry.ExecAsync(new Statement("UPDATE cut SET n = n + 1 WHERE id = 1", []), _ => Current(ref cutCalls));
        await GroupDatabase.WaitForSessionAsync(_fixture, old, "promotion-old", "wait_event_type = 'Lock'", "the write waits for the row lock");

        using (var postmaster = Process.GetProcessById((await Group.GetStatusAsync())[old].Pid!.Value))
        {
            postmaster.Kill();
        }

        var status = await Group.PromoteAsync();
        firstTxid = await _fixture.ScalarAsync<long>(status.Primary, "SELECT txid_snapshot_xmax(txid_current_snapshot())");
        // Other writes reach the new primary first: they reuse transaction ids the old primary handed out but never replicated.
        for (var i = 0; i < 20; i++)
        {
            await _fixture.ExecuteAsync(status.Primary, "SELECT txid_current()");
        }

        await using var newDatabase = GroupDatabase.Open(Group, status.Primary, GroupDatabase.Tracking(), "promotion-new");
        promoted.SetResult(newDatabase);

        var doneResult = await Eventually.Within(done, "the write committed before the failover");
        var cutResult = await Eventually.Within(cut, "the write cut before its commit");
        Assert.NotEqual(old, status.Primary);
        Assert.Equal((FailoverRetry.UnknownRowsAffected, 2), (doneResult.RowsAffected, doneCalls));
        Assert.Equal((1L, 2), (cutResult.RowsAffected, cutCalls));
        Assert.Equal(1L, await _fixture.ScalarAsync<long>(status.Primary, "SELECT count(*) FROM done"));
        Assert.Equal(1, await _fixture.ScalarAsync<int>(status.Primary, "SELECT n FROM cut WHERE id = 1"));
    }

    private async Task TerminateAsync(string member, string applicationName, string condition, string because)
    {
        var pid = await GroupDatabase.WaitForSessionAsync(_fixture, member, applicationName, condition, because);
        await _fixture.ExecuteAsync(member, $"SELECT pg_terminate_backend({pid})");
        await Eventually.True(async () => await _fixture.ScalarAsync<long>(member, $"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}") == 0,
            $"session {pid} is gone");
    }
}
