using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>The adaptive limit inside admission control on a manual clock: High's latency drives Low's and Background's slots.</summary>
public sealed class AdaptiveAdmissionTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Low_starts_at_the_floor_and_grows_while_it_presses_against_the_limit_with_high_within_the_tolerance()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.MinLowSlots, o.AdaptInterval) = (8, 2, 1, Interval));
        var idle = h.Admission.StatusOf(AdmissionHarness.Engine);
        Assert.Equal((1, 1), (idle.Tiers[(int)Tier.Low].Limit, idle.Tiers[(int)Tier.Background].Limit));
        var running = h.Take(Tier.Low);
        var waiting = h.Enter(Tier.Low);
        Assert.False(waiting.IsCompleted, h.Describe());

        for (var i = 0; i < 4; i++)
        {
            RunHigh(h, TimeSpan.FromMilliseconds(2));
        }

        Assert.Equal(2, h.Of(Tier.Low).Limit);
        await Eventually.Within(waiting, "the queued Low statement once the limit grew", AdmissionHarness.Patience);
        (await waiting).Dispose();
        for (var i = 0; i < 10; i++)
        {
            RunHigh(h, TimeSpan.FromMilliseconds(2));
        }

        Assert.Equal(2, h.Of(Tier.Low).Limit);
        running.Dispose();
    }

    [Fact]
    public async Task Slow_high_statements_shrink_a_grown_low_limit_so_low_queues_and_it_runs_again_once_pressing_grows_it()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.MinLowSlots, o.AdaptInterval) = (8, 2, 1, Interval));
        foreach (var lease in PressLow(h, until: 6))
        {
            lease.Dispose();
        }

        Assert.Equal(2.0, h.Status.HighBaselineMs, 3);
        RunHigh(h, TimeSpan.FromMilliseconds(40));
        RunHigh(h, TimeSpan.FromMilliseconds(40));

        Assert.Equal((1, 1), (h.Of(Tier.Low).Limit, h.Of(Tier.Background).Limit));
        Assert.Equal(40.0, h.Status.HighRecentMs, 3);
        var running = h.Take(Tier.Low);
        var waiting = h.Enter(Tier.Low);
        var background = h.Enter(Tier.Background);
        Assert.False(waiting.IsCompleted, h.Describe());
        Assert.False(background.IsCompleted, h.Describe());
        Assert.Equal(1, h.Of(Tier.Low).Throttled);

        for (var i = 0; i < 4; i++)
        {
            h.Clock.Advance(Interval);
            _ = h.Status;
        }

        Assert.Equal(2, h.Of(Tier.Low).Limit);
        await Eventually.Within(waiting, "the queued Low statement once the limit grew", AdmissionHarness.Patience);
        Assert.False(background.IsCompleted, h.Describe());
        running.Dispose();
        await Eventually.Within(background, "the queued Background statement once Low released its slot", AdmissionHarness.Patience);
    }

    [Fact]
    public void After_a_quiet_spell_without_low_demand_the_limit_decays_to_the_floor()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.MinLowSlots, o.AdaptInterval) = (8, 2, 1, Interval));
        foreach (var lease in PressLow(h, until: 6))
        {
            lease.Dispose();
        }

        for (var i = 0; i < AdaptiveLimit.IdleIntervals; i++)
        {
            RunHigh(h, TimeSpan.FromMilliseconds(2));
        }

        Assert.Equal(6, h.Of(Tier.Low).Limit);
        for (var i = 0; i < 5; i++)
        {
            RunHigh(h, TimeSpan.FromMilliseconds(2));
        }

        Assert.Equal((1, 1), (h.Of(Tier.Low).Limit, h.Of(Tier.Background).Limit));
        h.Take(Tier.Low);
        Assert.False(h.Enter(Tier.Low).IsCompleted, h.Describe());
    }

    [Fact]
    public void With_adaptive_off_slow_high_statements_leave_low_all_slots_but_the_reserve()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.Adaptive, o.AdaptInterval) = (8, 2, false, Interval));
        RunHigh(h, TimeSpan.FromMilliseconds(2));
        RunHigh(h, TimeSpan.FromMilliseconds(40));
        RunHigh(h, TimeSpan.FromMilliseconds(40));

        Assert.Equal(6, h.Of(Tier.Low).Limit);
        Assert.False(h.Status.Adaptive);
        for (var i = 0; i < 6; i++)
        {
            h.Take(Tier.Low);
        }
    }

    [Fact]
    public void The_floor_keeps_min_low_slots_however_slow_high_gets()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.MinLowSlots, o.AdaptInterval) = (8, 2, 3, Interval));
        RunHigh(h, TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 6; i++)
        {
            RunHigh(h, TimeSpan.FromMilliseconds(40));
        }

        Assert.Equal(3, h.Of(Tier.Low).Limit);
        h.Take(Tier.Low);
        h.Take(Tier.Low);
        h.Take(Tier.Background);
    }

    [Fact]
    public void A_high_statement_arriving_while_low_waits_for_a_slot_it_may_not_take_is_admitted_at_once_not_queued()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh) = (2, 1));
        h.Take(Tier.Low);
        var low = h.Enter(Tier.Low);
        Assert.False(low.IsCompleted, h.Describe());

        var high = h.Enter(Tier.High);

        Assert.True(high.IsCompletedSuccessfully, h.Describe());
        Assert.Equal((1, 0L), (h.Of(Tier.High).InFlight, h.Of(Tier.High).QueuedTotal));
        Assert.Equal(1, h.Of(Tier.Low).Queued);
    }

    /// <summary>Quiet High intervals while Low holds every slot of its limit, until the limit reaches <paramref name="until"/>; returns the Low leases held.</summary>
    private static List<AdmissionLease> PressLow(AdmissionHarness h, int until)
    {
        var held = new List<AdmissionLease>();
        int LowLimit() => h.Admission.StatusOf(AdmissionHarness.Engine).Tiers[(int)Tier.Low].Limit;
        for (var i = 0; i < 100 && LowLimit() < until; i++)
        {
            while (held.Count < LowLimit())
            {
                held.Add(h.Take(Tier.Low));
            }

            RunHigh(h, TimeSpan.FromMilliseconds(2));
        }

        Assert.Equal(until, LowLimit());
        return held;
    }

    /// <summary>One interval of High statements that each hold their slot for <paramref name="latency"/>, then the clock reaches the interval's end.</summary>
    private static void RunHigh(AdmissionHarness h, TimeSpan latency)
    {
        var start = h.Clock.GetTimestamp();
        for (var i = 0; i < AdaptiveLimit.MinSamples * 2; i++)
        {
            var lease = h.Take(Tier.High);
            h.Clock.Advance(latency);
            lease.Dispose();
        }

        var spent = TimeSpan.FromTicks(h.Clock.GetTimestamp() - start);
        h.Clock.Advance(spent < Interval ? Interval - spent : TimeSpan.Zero);
        _ = h.Status;
    }
}
