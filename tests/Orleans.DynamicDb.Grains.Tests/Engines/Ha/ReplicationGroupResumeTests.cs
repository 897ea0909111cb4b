using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Engines.Ha;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupResumeTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;

    public ReplicationGroupResumeTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        fixture.Attach(output);
    }

    [Fact]
    public async Task A_promotion_interrupted_after_fencing_is_finished_by_the_next_start()
    {
        var group = _fixture.Group;
        await _fixture.ExecuteAsync("m0", "CREATE TABLE before_crash (id int PRIMARY KEY); INSERT INTO before_crash VALUES (1)");
        await group.StopAsync();
        // What a crash right after the promotion's first write leaves: the primary fenced, a promotion pending.
        var layout = LayoutFile.Read(group.DataDirectory)!;
        LayoutFile.Write(group.DataDirectory, layout.WithRole("m0", MemberRole.Fenced) with
        {
            Pending = new PendingOperation(PendingOperation.Promote, "", layout.Epoch + 1, DateTimeOffset.UnixEpoch, "promote in place of m0"),
        });

        var restarted = new ReplicationGroup(_fixture.Options, NullLogger<ReplicationGroup>.Instance);
        try
        {
            await restarted.StartAsync();
            var status = await restarted.GetStatusAsync();

            Assert.Contains(status.Primary, (string[])["m1", "m2"]);
            Assert.Equal((2L, (string?)null), (status.Epoch, status.Pending));
            Assert.Equal((MemberRole.Fenced, false), (status["m0"].Role, status["m0"].Running));
            var other = status.Primary == "m1" ? "m2" : "m1";
            Assert.Equal(("streaming", "quorum"), (status[other].State, status[other].SyncState));
            Assert.False(await _fixture.ScalarAsync<bool>(status.Primary, "SELECT pg_is_in_recovery()"));
            Assert.Equal(1L, await _fixture.ScalarAsync<long>(status.Primary, "SELECT count(*) FROM before_crash"));
            Assert.Null(LayoutFile.Read(group.DataDirectory)!.Pending);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }
}
