using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>Adding members to a running group (the seed's <c>add_database</c>).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupAddTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ReplicationGroupAddTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Attach(output);
    }

    [Fact]
    public async Task Added_members_stream_synchronously_survive_a_restart_take_part_in_failover_and_a_fifth_standby_is_refused()
    {
        var group = _fixture.Group;
        await _fixture.ExecuteAsync("m0", "CREATE TABLE added (id int PRIMARY KEY); INSERT INTO added VALUES (1)");

        var started = Stopwatch.GetTimestamp();
        var m3 = await group.AddMemberAsync(5);
        _output.WriteLine($"adding m3 took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");

        Assert.Equal(("m3", MemberRole.Standby, "streaming", "quorum", 5.0), (m3.Name, m3.Role, m3.State, m3.SyncState, m3.Weight));
        Assert.Equal("ANY 1 (m1, m2, m3)", await _fixture.ScalarAsync<string>("m0", "SHOW synchronous_standby_names"));
        var layout = LayoutFile.Read(group.DataDirectory)!;
        Assert.Equal((true, 5.0, (PendingOperation?)null), (layout["m3"].Added, layout["m3"].Weight, layout.Pending));
        Assert.Equal(1, await _fixture.ScalarAsync<int>("m3", "SELECT count(*)::int FROM added"));
        var m4 = await group.AddMemberAsync(0.5);
        Assert.Equal(("m4", "quorum"), (m4.Name, m4.SyncState));

        var full = await Assert.ThrowsAsync<DynamicDbException>(() => group.AddMemberAsync(1));
        Assert.Equal(ErrorCodes.EngineGroupFull, full.ErrorCode);
        Assert.Contains("already has 4 standbys (m1, m2, m3, m4)", full.Message);
        Assert.Equal(5, LayoutFile.Read(group.DataDirectory)!.Members.Count);
        var badWeight = await Assert.ThrowsAsync<DynamicDbException>(() => group.AddMemberAsync(-1));
        Assert.Equal((ErrorCodes.RequestInvalid, "'weight' must be between 0 and 1000, not -1."), (badWeight.ErrorCode, badWeight.Message));

        // A restart (the configured Replicas is still 2) keeps the added members, streaming synchronously again.
        await group.StopAsync();
        await using var restarted = new ReplicationGroup(_fixture.Options, NullLogger<ReplicationGroup>.Instance);
        await restarted.StartAsync();
        var status = await restarted.GetStatusAsync();
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], status.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(status.Members.Where(m => m.Name != "m0"), m => Assert.Equal(("streaming", "quorum"), (m.State, m.SyncState)));
        Assert.Equal(5.0, status["m3"].Weight);

        // A later failover may choose an added member: m3 weighs most among standbys that reach equally far.
        await Orleans.DynamicDb.TestInfrastructure.Eventually.True(async () =>
        {
            var now = await restarted.GetStatusAsync();
            return now["m0"].Lsn is { } end && now.Members.Where(m => m.Name != "m0").All(m => m.Lsn == end);
        }, "every standby replayed everything the primary wrote");
        using (var postmaster = Process.GetProcessById(status["m0"].Pid!.Value))
        {
            postmaster.Kill();
        }

        var promoted = await restarted.PromoteAsync();
        Assert.Equal(("m3", 2L), (promoted.Primary, promoted.Epoch));
        Assert.Equal(1, await _fixture.ScalarAsync<int>("m3", "SELECT count(*)::int FROM added"));
    }
}
