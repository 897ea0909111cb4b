using Orleans.DynamicDb.Engines.Ha.Reads;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Reads;

/// <summary>How a standby's replayed WAL position becomes a lag in time against the primary's polled positions.</summary>
public sealed class PrimaryWalHistoryTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;

    [Fact]
    public void A_standby_at_the_newest_primary_position_lags_zero_and_one_behind_lags_since_it_had_everything()
    {
        var history = new PrimaryWalHistory(TimeSpan.FromMinutes(1));
        history.Add(10 * Second, 100);
        history.Add(11 * Second, 100);
        history.Add(12 * Second, 250);
        history.Add(13 * Second, 400);

        Assert.Equal(TimeSpan.Zero, history.LagOf(400, 13 * Second));
        Assert.Equal(TimeSpan.Zero, history.LagOf(500, 13 * Second));
        Assert.Equal(TimeSpan.FromSeconds(1.5), history.LagOf(250, 13 * Second + Second / 2));
        Assert.Equal(TimeSpan.FromSeconds(3), history.LagOf(120, 14 * Second)); // had all of 100, last seen at 11 s
    }

    [Fact]
    public void A_standby_behind_every_remembered_position_has_an_unknown_lag()
    {
        var history = new PrimaryWalHistory(TimeSpan.FromSeconds(2));
        Assert.Equal(PrimaryWalHistory.Unknown, history.LagOf(0, 0));

        for (var s = 0; s <= 10; s++)
        {
            history.Add(s * Second, 100 + s);
        }

        Assert.Equal(PrimaryWalHistory.Unknown, history.LagOf(101, 10 * Second)); // 101 was written at 1 s, forgotten after 2 s
        Assert.Equal(TimeSpan.FromSeconds(2), history.LagOf(108, 10 * Second));
        Assert.True(history.Count <= 4);
    }

    [Fact]
    public void An_idle_primary_keeps_two_samples_of_a_run_of_equal_positions()
    {
        var history = new PrimaryWalHistory(TimeSpan.FromMinutes(1));
        for (var s = 0; s < 100; s++)
        {
            history.Add(s * Second, 100);
        }

        Assert.Equal(2, history.Count);
        Assert.Equal(TimeSpan.Zero, history.LagOf(100, 99 * Second));
    }
}
