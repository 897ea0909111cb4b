using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>The adaptive limit's rule on its own: shrink on High's latency above the baseline, Background first, grow back additively.</summary>
public sealed class AdaptiveLimitTests
{
    private const int Many = 100;

    [Fact]
    public void It_starts_at_the_ceiling_and_learns_high_s_baseline_from_the_first_interval_with_enough_statements()
    {
        var limit = new AdaptiveLimit(ceiling: 28, floor: 1, tolerance: 0.25);
        Assert.Equal((28, 28, 0.0), (limit.Lower, limit.Background, limit.BaselineMs));

        limit.Adapt(AdaptiveLimit.MinSamples - 1, 9.0, 1);
        Assert.Equal(0.0, limit.BaselineMs);
        limit.Adapt(Many, 2.0, 1);

        Assert.Equal((28, 28, 2.0, 2.0), (limit.Lower, limit.Background, limit.BaselineMs, limit.RecentMs));
    }

    [Fact]
    public void High_latency_above_the_tolerance_shrinks_background_faster_than_low_down_to_the_floor()
    {
        var limit = new AdaptiveLimit(ceiling: 28, floor: 2, tolerance: 0.25);
        limit.Adapt(Many, 2.0, 1);

        Assert.False(limit.Adapt(Many, 2.4, 1));
        Assert.True(limit.Adapt(Many, 2.6, 1));
        Assert.Equal((14, 7), (limit.Lower, limit.Background));

        for (var i = 0; i < 10; i++)
        {
            limit.Adapt(Many, 20.0, 1);
        }

        Assert.Equal((2, 1), (limit.Lower, limit.Background));
        Assert.InRange(limit.BaselineMs, 2.0, 2.1);
    }

    [Fact]
    public void Far_above_the_baseline_it_cuts_to_a_quarter_in_one_interval()
    {
        var limit = new AdaptiveLimit(ceiling: 28, floor: 1, tolerance: 0.25);
        limit.Adapt(Many, 2.0, 1);

        limit.Adapt(Many, 40.0, 1);

        Assert.Equal((7, 1), (limit.Lower, limit.Background));
    }

    [Fact]
    public void Back_within_the_tolerance_the_limits_grow_additively_background_last()
    {
        var limit = new AdaptiveLimit(ceiling: 4, floor: 1, tolerance: 0.25);
        limit.Adapt(Many, 2.0, 1);
        limit.Adapt(Many, 20.0, 1);
        limit.Adapt(Many, 20.0, 1);
        Assert.Equal((1, 1), (limit.Lower, limit.Background));

        var lowers = new List<int>();
        var backgrounds = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            limit.Adapt(Many, 2.1, 1);
            lowers.Add(limit.Lower);
            backgrounds.Add(limit.Background);
        }

        Assert.Equal([1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4], lowers);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2], backgrounds);
    }

    [Fact]
    public void Idle_intervals_without_high_statements_each_grow_the_limit()
    {
        var limit = new AdaptiveLimit(ceiling: 8, floor: 1, tolerance: 0.25);
        limit.Adapt(Many, 2.0, 1);
        limit.Adapt(Many, 20.0, 1);
        limit.Adapt(Many, 20.0, 1);
        Assert.Equal(1, limit.Lower);

        Assert.True(limit.Adapt(0, 0, intervals: 100));

        Assert.Equal((8, 8), (limit.Lower, limit.Background));
    }

    [Fact]
    public void The_baseline_follows_a_lasting_rise_only_slowly_and_a_drop_half_way_at_once()
    {
        var limit = new AdaptiveLimit(ceiling: 8, floor: 1, tolerance: 0.25);
        limit.Adapt(Many, 2.0, 1);

        limit.Adapt(Many, 4.0, 1);
        Assert.Equal(2.0 * (1 + AdaptiveLimit.BaselineDrift), limit.BaselineMs, 6);
        limit.Adapt(Many, 1.0, 1);
        Assert.Equal((1.0 + (2.0 * (1 + AdaptiveLimit.BaselineDrift))) / 2, limit.BaselineMs, 6);
    }
}
