using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

public sealed class FailoverCandidatesTests
{
    [Fact]
    public void The_standby_whose_flushed_wal_reaches_furthest_is_chosen()
    {
        StandbyPosition[] standbys = [new("m1", 100, 90), new("m2", 120, 80), new("m3", 110, 110)];

        Assert.Equal("m2", FailoverCandidates.Choose(standbys, target: null));
    }

    [Fact]
    public void A_tie_goes_to_the_standby_that_replayed_more_then_to_name_order()
    {
        Assert.Equal("m2", FailoverCandidates.Choose([new("m1", 100, 50), new("m2", 100, 90)], target: null));
        Assert.Equal("m1", FailoverCandidates.Choose([new("m2", 100, 90), new("m1", 100, 90)], target: null));
    }

    [Fact]
    public void A_standby_that_does_not_answer_makes_the_choice_unsafe()
    {
        var error = Assert.Throws<DynamicDbException>(() => FailoverCandidates.Choose([new("m1", 100, 100), new("m2", null, null)], target: null));

        Assert.Equal(ErrorCodes.EngineFailoverUnsafe, error.ErrorCode);
        Assert.Contains("m2", error.Message);
    }

    [Fact]
    public void With_no_standby_answering_there_is_no_synchronous_standby()
    {
        var error = Assert.Throws<DynamicDbException>(() => FailoverCandidates.Choose([new("m1", null, null)], target: null));

        Assert.Equal(ErrorCodes.EngineNoSyncStandby, error.ErrorCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void A_requested_target_is_refused_when_another_standby_holds_more_wal()
    {
        StandbyPosition[] standbys = [new("m1", 100, 100), new("m2", 120, 100)];

        var error = Assert.Throws<DynamicDbException>(() => FailoverCandidates.Choose(standbys, target: "m1"));

        Assert.Equal(ErrorCodes.EngineFailoverUnsafe, error.ErrorCode);
        Assert.Contains("'m1' holds WAL up to byte 100 but 'm2' holds up to 120", error.Message);
        Assert.Equal("m2", FailoverCandidates.Choose(standbys, target: "m2"));
        Assert.Equal("m1", FailoverCandidates.Choose([new("m1", 120, 100), new("m2", 120, 120)], target: "m1"));
    }

    [Fact]
    public void A_target_that_is_not_a_standby_is_named_in_the_error()
    {
        var error = Assert.Throws<DynamicDbException>(() => FailoverCandidates.Choose([new("m1", 1, 1)], target: "m7"));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains("'m7' is not a standby", error.Message);
    }

    private static readonly Dictionary<string, double> Weights = new() { ["m1"] = 1, ["m2"] = 5, ["m3"] = 9 };

    [Fact]
    public void Among_standbys_reaching_equally_far_the_highest_weight_wins_over_replay_and_name_order()
    {
        Assert.Equal("m2", FailoverCandidates.Choose([new("m1", 100, 100), new("m2", 100, 90)], target: null, name => Weights[name]));
        Assert.Equal("m1", FailoverCandidates.Choose([new("m1", 100, 100), new("m2", 100, 90)], target: null));
    }

    [Fact]
    public void A_higher_weight_never_makes_a_standby_that_reaches_less_far_the_choice()
    {
        StandbyPosition[] standbys = [new("m1", 120, 100), new("m2", 110, 110), new("m3", 100, 100)];

        Assert.Equal("m1", FailoverCandidates.Choose(standbys, target: null, name => Weights[name]));
    }

    [Fact]
    public void An_unhealthy_standby_is_passed_over_for_a_healthy_one_that_reaches_as_far_whatever_the_weights()
    {
        StandbyPosition[] standbys = [new("m1", 100, 100), new("m2", 100, 100), new("m3", 100, 100)];

        Assert.Equal("m3", FailoverCandidates.Choose(standbys, target: null, name => Weights[name]));
        Assert.Equal("m2", FailoverCandidates.Choose(standbys, target: null, name => Weights[name], unhealthy: ["m3"]));
        Assert.Equal("m1", FailoverCandidates.Choose(standbys, target: null, name => Weights[name], unhealthy: ["m3", "m2"]));
    }

    [Fact]
    public void When_no_healthy_standby_reaches_furthest_the_furthest_is_promoted_so_no_acknowledged_commit_is_lost()
    {
        StandbyPosition[] standbys = [new("m1", 100, 100), new("m2", 120, 120)];

        Assert.Equal("m2", FailoverCandidates.Choose(standbys, target: null, name => Weights[name], unhealthy: ["m2"]));
    }
}
