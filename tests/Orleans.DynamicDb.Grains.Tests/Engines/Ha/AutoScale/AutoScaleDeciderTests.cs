using Orleans.DynamicDb.Engines.Ha.AutoScale;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.AutoScale;

public sealed class AutoScaleDeciderTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    private AutoScaleDecider Decider(int groupMinimum = 1) => new(new AutoScaleOptions
    {
        Enabled = true,
        MinStandbys = 1,
        MaxStandbys = 3,
        ScaleUpLoad = 4,
        ScaleDownLoad = 1,
        Sustain = TimeSpan.FromSeconds(30),
        Cooldown = TimeSpan.FromSeconds(60),
    }, groupMinimum, _time);

    [Fact]
    public void Load_at_the_threshold_scales_up_only_once_it_has_held_for_the_sustain_period()
    {
        var decider = Decider();

        Assert.Equal(AutoScaleDirection.None, decider.Observe(4, 1, false).Direction);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(AutoScaleDirection.None, decider.Observe(6, 1, false).Direction);
        _time.Advance(TimeSpan.FromSeconds(1));
        var up = decider.Observe(5, 1, false);

        Assert.Equal(AutoScaleDirection.Up, up.Direction);
        Assert.Contains("averaged 5 active backends, at or above ScaleUpLoad 4 for 30 s (Sustain 30 s)", up.Reason);
    }

    [Fact]
    public void One_sample_below_the_threshold_restarts_the_sustain_clock()
    {
        var decider = Decider();
        decider.Observe(5, 1, false);
        _time.Advance(TimeSpan.FromSeconds(20));
        decider.Observe(3.9, 1, false);
        _time.Advance(TimeSpan.FromSeconds(1));
        decider.Observe(5, 1, false);
        _time.Advance(TimeSpan.FromSeconds(29));

        Assert.Equal(AutoScaleDirection.None, decider.Observe(5, 1, false).Direction);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AutoScaleDirection.Up, decider.Observe(5, 1, false).Direction);
    }

    [Fact]
    public void No_standby_is_added_beyond_MaxStandbys()
    {
        var decider = Decider();
        decider.Observe(50, 3, true);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(AutoScaleDirection.None, decider.Observe(50, 3, true).Direction);
    }

    [Fact]
    public void Low_load_removes_an_auto_added_standby_but_never_goes_below_the_minimum_or_removes_configured_ones()
    {
        var decider = Decider();
        decider.Observe(0, 2, true);
        _time.Advance(TimeSpan.FromSeconds(30));
        var down = decider.Observe(0.5, 2, true);
        Assert.Equal(AutoScaleDirection.Down, down.Direction);
        Assert.Contains("below ScaleDownLoad 1 for 30 s", down.Reason);

        Assert.Equal(AutoScaleDirection.None, decider.Observe(0, 1, true).Direction);
        Assert.Equal(AutoScaleDirection.None, decider.Observe(0, 2, hasAutoAdded: false).Direction);
    }

    [Fact]
    public void The_group_minimum_wins_over_a_lower_MinStandbys()
    {
        var decider = Decider(groupMinimum: 2);
        decider.Observe(0, 2, true);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(2, decider.Minimum);
        Assert.Equal(AutoScaleDirection.None, decider.Observe(0, 2, true).Direction);
    }

    [Fact]
    public void After_acting_nothing_is_decided_for_the_cooldown_and_the_load_is_judged_afresh()
    {
        var decider = Decider();
        decider.Observe(9, 1, false);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AutoScaleDirection.Up, decider.Observe(9, 1, false).Direction);
        decider.Acted();

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(AutoScaleDirection.None, decider.Observe(9, 2, false).Direction);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AutoScaleDirection.None, decider.Observe(9, 2, false).Direction);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AutoScaleDirection.Up, decider.Observe(9, 2, false).Direction);
    }

    [Fact]
    public void No_sample_decides_nothing_and_restarts_the_clocks()
    {
        var decider = Decider();
        decider.Observe(9, 1, false);
        _time.Advance(TimeSpan.FromSeconds(20));
        decider.Observe(null, 1, false);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(AutoScaleDirection.None, decider.Observe(9, 1, false).Direction);
    }
}
