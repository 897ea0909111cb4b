using System.Diagnostics;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines.Ha;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupRewindWalTests : IClassFixture<ReplicationGroupFixture>
{
    /// <summary>Shorter than the group's StartTimeout (60 s), which a rewound member waiting for WAL that never comes used to run out.</summary>
    private static readonly TimeSpan RebuildDeadline = TimeSpan.FromSeconds(45);

    private readonly ReplicationGroupFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ReplicationGroupRewindWalTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Attach(output);
    }

    [Fact]
    public async Task A_former_primary_whose_fork_point_wal_the_new_primary_recycled_is_copied_afresh_without_waiting_for_its_start_to_time_out()
    {
        var group = _fixture.Group;
        await _fixture.ExecuteAsync("m0", "CREATE TABLE t (id int)");
        await _fixture.ExecuteAsync("m0", "INSERT INTO t SELECT g FROM generate_series(1, 100) g");
        var old = (await group.GetStatusAsync())["m0"];
        using (var postmaster = Process.GetProcessById(old.Pid!.Value))
        {
            postmaster.Kill();
        }

        var primary = (await group.PromoteAsync()).Primary;
        // The new primary keeps no WAL beyond what its checkpoints and slots need, then moves on by a few segments.
        await _fixture.ExecuteAsync(primary, "ALTER SYSTEM SET wal_keep_size = 0");
        await _fixture.ExecuteAsync(primary, "SELECT pg_reload_conf()");
        for (var i = 0; i < 4; i++)
        {
            await _fixture.ExecuteAsync(primary, "INSERT INTO t SELECT -g FROM generate_series(1, 2000) g");
            await _fixture.ExecuteAsync(primary, "SELECT pg_switch_wal()");
            await _fixture.ExecuteAsync(primary, "CHECKPOINT");
        }

        using var deadline = new CancellationTokenSource(RebuildDeadline);
        var started = Stopwatch.GetTimestamp();
        var method = await group.RebuildAsync("m0", deadline.Token);
        _output.WriteLine($"rebuild of m0 with {method} took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");

        Assert.Equal("pg_basebackup", method);
        var status = await group.GetStatusAsync();
        Assert.Equal((MemberRole.Standby, true, "streaming", "quorum"), (status["m0"].Role, status["m0"].Running, status["m0"].State, status["m0"].SyncState));
        Assert.Equal(8100L, await _fixture.ScalarAsync<long>("m0", "SELECT count(*) FROM t"));
    }
}
