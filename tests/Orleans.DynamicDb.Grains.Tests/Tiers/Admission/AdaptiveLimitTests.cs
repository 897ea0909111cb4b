using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>
/// The adaptive limit's rule on its own: it starts at the floor, grows additively only while the lower tiers press
/// against it and High is within the tolerance, holds without that demand, decays after a quiet spell, and shrinks on
/// High's latency above the baseline, Background first.
/// </summary>
public sealed class AdaptiveLimitTests
{
    private const int Many = 100;

    [Fact]
    public void It_starts_at_the_floor_with_background_at_one_and_learns_high_s_baseline_from_the_first_interval_with_enough_statements()
    {
        var limit = new AdaptiveLimit(ceiling: 28, floor: 3, tolerance: 0.25);
        Assert.Equal((3, 1, 0.0), (limit.Lower, limit.Background, limit.BaselineMs));

        limit.Adapt(AdaptiveLimit.MinSamples - 1, 9.0, 1, pressed: false, used: 0);
        Assert.Equal(0.0, limit.BaselineMs);
        limit.Adapt(Many, 2.0, 1, pressed: false, used: 0);

        Assert.Equal((3, 1, 2.0, 2.0), (limit.Lower, limit.Background, limit.BaselineMs, limit.RecentMs));
    }

    [Fact]
    public void Without_the_lower_tiers_pressing_it_holds_however_quiet_high_is()
    {
        var limit = new AdaptiveLimit(ceiling: 28, floor: 1, tolerance: 0.25);

        for (var i = 0; i < AdaptiveLimit.IdleIntervals; i++)
        {
            Assert.False(limit.Adapt(i % 2 == 0 ? Many : 0, 2.0, 1, pressed: false, used: 1));
        }

        Assert.Equal((1, 1), (limit.Lower, limit.Background));
    }

    [Fact]
    public void Pressed_and_high_within_the_tolerance_the_limits_grow_additively_background_last()
    {
        var limit = new AdaptiveLimit(ceiling: 4, floor: 1, tolerance: 0.25);
        limit.Adapt(Many, 2.0, 1, pressed: true, used: 1);
        Assert.Equal(1, limit.Lower);

        var lowers = new List<int>();
        var backgrounds = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            limit.Adapt(i % 3 == 0 ? 0 : Many, 2.1, 1, pressed: true, used: limit.Lower);
            lowers.Add(limit.Lower);
            backgrounds.Add(limit.Background);
        }

        Assert.Equal([1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4], lowers);
        Assert.Equal([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2], backgrounds);
    }

    [Fact]
    public void High_latency_above_the_tolerance_shrinks_background_faster_than_low_down_to_the_floor_even_while_pressed()
    {
        var limit = Grown(ceiling: 28, floor: 2);

        Assert.False(limit.Adapt(Many, 2.4, 1, pressed: true, used: 28));
        Assert.True(limit.Adapt(Many, 2.6, 1, pressed: true, used: 28));
        Assert.Equal((14, 7), (limit.Lower, limit.Background));

        for (var i = 0; i < 10; i++)
        {
            limit.Adapt(Many, 20.0, 1, pressed: true, used: 28);
        }

        Assert.Equal((2, 1), (limit.Lower, limit.Background));
        Assert.InRange(limit.BaselineMs, 2.0, 2.1);
    }

    [Fact]
    public void Far_above_the_baseline_it_cuts_to_a_quarter_in_one_interval()
    {
        var limit = Grown(ceiling: 28, floor: 1);

        limit.Adapt(Many, 40.0, 1, pressed: true, used: 28);

        Assert.Equal(7, limit.Lower);
    }

    [Fact]
    public void After_idle_intervals_without_pressure_it_decays_to_the_floor_so_the_next_burst_starts_small()
    {
        var limit = Grown(ceiling: 28, floor: 1);
        Assert.Equal((28, 28), (limit.Lower, limit.Background));

        for (var i = 0; i < AdaptiveLimit.IdleIntervals; i++)
        {
            limit.Adapt(Many, 2.0, 1, pressed: false, used: 0);
        }

        Assert.Equal(28, limit.Lower);
        Assert.True(limit.Adapt(Many, 2.0, 1, pressed: false, used: 0));
        Assert.InRange(limit.Lower, 2, 27);
        for (var i = 0; i < 6; i++)
        {
            limit.Adapt(0, 0, 1, pressed: false, used: 0);
        }

        Assert.Equal((1, 1), (limit.Lower, limit.Background));
    }

    [Fact]
    public void An_idle_engine_s_missed_intervals_count_toward_the_decay()
    {
        var limit = Grown(ceiling: 28, floor: 1);

        Assert.True(limit.Adapt(0, 0, intervals: AdaptiveLimit.IdleIntervals + 10, pressed: false, used: 0));

        Assert.Equal((1, 1), (limit.Lower, limit.Background));
    }

    [Fact]
    public void The_decay_stops_one_slot_above_what_the_lower_tiers_still_use()
    {
        var limit = Grown(ceiling: 28, floor: 1);

        for (var i = 0; i < AdaptiveLimit.IdleIntervals + 10; i++)
        {
            limit.Adapt(Many, 2.0, 1, pressed: false, used: 5);
        }

        Assert.Equal(6, limit.Lower);
    }

    [Fact]
    public void Pressing_once_restarts_the_count_of_idle_intervals()
    {
        var limit = Grown(ceiling: 28, floor: 1);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < AdaptiveLimit.IdleIntervals; i++)
            {
                limit.Adapt(Many, 2.0, 1, pressed: false, used: 0);
            }

            limit.Adapt(Many, 2.0, 1, pressed: true, used: 28);
        }

        Assert.Equal(28, limit.Lower);
    }

    [Fact]
    public void The_baseline_follows_a_lasting_rise_only_slowly_and_a_drop_half_way_at_once()
    {
        var limit = new AdaptiveLimit(ceiling: 8, floor: 1, tolerance: 0.25);
        limit.Adapt(Many, 2.0, 1, pressed: false, used: 0);

        limit.Adapt(Many, 4.0, 1, pressed: false, used: 0);
        Assert.Equal(2.0 * (1 + AdaptiveLimit.BaselineDrift), limit.BaselineMs, 6);
        limit.Adapt(Many, 1.0, 1, pressed: false, used: 0);
        Assert.Equal((1.0 + (2.0 * (1 + AdaptiveLimit.BaselineDrift))) / 2, limit.BaselineMs, 6);
    }

    /// <summary>A limit grown to its ceiling by pressed intervals with High at a 2 ms baseline.</summary>
    private static AdaptiveLimit Grown(int ceiling, int floor)
    {
        var limit = new AdaptiveLimit(ceiling, floor, tolerance: 0.25);
        for (var i = 0; i < 100; i++)
        {
            limit.Adapt(Many, 2.0, 1, pressed: true, used: limit.Lower);
        }

        Assert.Equal(ceiling, limit.Lower);
        return limit;
    }
}
