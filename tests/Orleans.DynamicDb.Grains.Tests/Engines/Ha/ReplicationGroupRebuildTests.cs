using System.Diagnostics;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupRebuildTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ReplicationGroupRebuildTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Attach(output);
    }

    private ReplicationGroup Group => _fixture.Group;

    [Fact]
    public async Task A_killed_former_primary_is_rewound_into_a_standby_with_the_later_rows_and_can_be_promoted_back()
    {
        await _fixture.ExecuteAsync("m0", "CREATE TABLE acknowledged (id int PRIMARY KEY)");
        var old = (await Group.GetStatusAsync())["m0"];
        var (acknowledged, writer) = await ReplicationGroupFailoverTests.WriteUntilTheConnectionBreaksAsync(_fixture, "m0", minimumAcknowledged: 50);
        using (var postmaster = Process.GetProcessById(old.Pid!.Value))
        {
            postmaster.Kill();
        }

        var primary = (await Group.PromoteAsync()).Primary;
        await Eventually.Within(writer, "the writer notices its server is gone");
        await _fixture.ExecuteAsync(primary, "INSERT INTO acknowledged SELECT -g FROM generate_series(1, 500) g");

        var started = Stopwatch.GetTimestamp();
        var method = await Group.RebuildAsync("m0");
        _output.WriteLine($"rebuild of m0 with {method} took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");

        Assert.Equal("pg_rewind", method);
        var status = await Group.GetStatusAsync();
        Assert.Equal((MemberRole.Standby, true, "streaming", "quorum"), (status["m0"].Role, status["m0"].Running, status["m0"].State, status["m0"].SyncState));
        Assert.Equal((primary, 2L, (string?)null), (status.Primary, status.Epoch, status.Pending));
        Assert.True(await _fixture.ScalarAsync<bool>("m0", "SELECT pg_is_in_recovery()"));
        await Eventually.True(async () => await _fixture.ScalarAsync<long>("m0", "SELECT count(*) FROM acknowledged WHERE id < 0") == 500,
            "the rows written on the new primary after the failover are on the rebuilt m0");
        var kept = (await _fixture.ScalarAsync<int[]>("m0", "SELECT coalesce(array_agg(id), '{}') FROM acknowledged WHERE id > 0")).ToHashSet();
        Assert.Empty(acknowledged.Except(kept));

        // m0 now acknowledges commits again: with the other standby stopped, a commit still completes.
        var other = status.Members.Single(m => m.Role == MemberRole.Standby && m.Name != "m0").Name;
        await Group.StopMemberAsync(other);
        await Eventually.Within(_fixture.ExecuteAsync(primary, "INSERT INTO acknowledged VALUES (0)"), "a commit acknowledged by the rebuilt m0 alone");
        await Group.StartAsync();

        // A planned promotion back to m0 fences the primary that still runs: stopped, nothing of it left, epoch 3.
        started = Stopwatch.GetTimestamp();
        status = await Group.PromoteAsync("m0");
        _output.WriteLine($"planned promotion of m0 took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        Assert.Equal(("m0", 3L), (status.Primary, status.Epoch));
        Assert.Equal((MemberRole.Fenced, false), (status[primary].Role, status[primary].Running));
        Assert.Empty(MemberProcesses.All(Group.MemberDirectory(primary)));
        Assert.Equal(("streaming", "quorum"), (status[other].State, status[other].SyncState));
        Assert.Equal(501L, await _fixture.ScalarAsync<long>("m0", "SELECT count(*) FROM acknowledged WHERE id <= 0"));
    }
}
