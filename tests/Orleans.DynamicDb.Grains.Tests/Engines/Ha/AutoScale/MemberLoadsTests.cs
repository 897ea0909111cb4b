using Orleans.DynamicDb.Engines.Ha.AutoScale;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.AutoScale;

public sealed class MemberLoadsTests
{
    [Fact]
    public void Candidates_come_least_loaded_first_with_unsampled_members_last_in_their_given_order()
    {
        var loads = new MemberLoads(DateTimeOffset.UnixEpoch, new Dictionary<string, int> { ["m1"] = 5, ["m2"] = 0, ["m3"] = 5 });

        Assert.Equal(["m2", "m1", "m3", "m4", "m0"], loads.LeastLoadedFirst(["m4", "m1", "m3", "m2", "m0"]));
        Assert.Equal(["m2", "m3", "m1", "m9"], loads.LeastLoadedFirst(["m9", "m3", "m1", "m2"]));
        Assert.Equal(10 / 3.0, loads.Average);
        Assert.Null(MemberLoads.None.Average);
    }
}
