using System.Diagnostics;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>Member weights on a real group: they rank standbys that are equally safe to promote.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupWeightTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;

    public ReplicationGroupWeightTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        fixture.Attach(output);
    }

    private ReplicationGroup Group => _fixture.Group;

    [Fact]
    public async Task The_weight_decides_between_two_standbys_that_are_equally_caught_up()
    {
        // Without weights the tie goes to name order (m1); m2 weighs more.
        _fixture.Options.MemberWeights["m2"] = 5;
        await _fixture.ExecuteAsync("m0", "CREATE TABLE weighed (id int PRIMARY KEY); INSERT INTO weighed VALUES (1)");
        var before = await Group.GetStatusAsync();
        Assert.Equal((1.0, 5.0, 1.0), (before["m1"].Weight, before["m2"].Weight, before["m0"].Weight));
        await Eventually.True(async () =>
        {
            var status = await Group.GetStatusAsync();
            return status["m0"].Lsn is { } end && status["m1"].Lsn == end && status["m2"].Lsn == end;
        }, "both standbys replayed everything the primary wrote");

        using (var postmaster = Process.GetProcessById(before["m0"].Pid!.Value))
        {
            postmaster.Kill();
        }

        var after = await Group.PromoteAsync();

        Assert.Equal(("m2", 2L), (after.Primary, after.Epoch));
        Assert.Equal(MemberRole.Standby, after["m1"].Role);
        Assert.Equal(1, await _fixture.ScalarAsync<int>("m2", "SELECT count(*)::int FROM weighed"));
    }
}
