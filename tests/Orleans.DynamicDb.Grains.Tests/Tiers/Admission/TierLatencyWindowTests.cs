using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>The last minute's latency and queue wait per tier, on a manual clock.</summary>
public sealed class TierLatencyWindowTests
{
    [Fact]
    public async Task A_released_statement_counts_its_time_in_the_slot_and_a_queued_one_its_wait_too()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh) = (1, 0));
        var first = h.Take(Tier.Low);
        var queued = h.Enter(Tier.Low);
        h.Clock.Advance(TimeSpan.FromMilliseconds(40));
        first.Dispose();
        var second = await queued.WaitAsync(AdmissionHarness.Patience);
        h.Clock.Advance(TimeSpan.FromMilliseconds(10));
        second.Dispose();

        var recent = h.Of(Tier.Low).Recent;

        Assert.Equal(2, recent.Statements);
        // Log buckets read back at most 19% above the true value: 40 ms and 10 ms held, 0 and 40 ms waited.
        Assert.InRange(recent.LatencyP50Ms, 10, 10 * 1.19);
        Assert.InRange(recent.LatencyP99Ms, 40, 40 * 1.19);
        Assert.InRange(recent.QueueWaitP50Ms, 0, 0.001);
        Assert.InRange(recent.QueueWaitP99Ms, 40, 40 * 1.19);
        Assert.Equal(0, h.Of(Tier.High).Recent.Statements);
    }

    [Fact]
    public void Statements_older_than_the_minute_leave_the_window()
    {
        var h = new AdmissionHarness();
        using (h.Take(Tier.High))
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        h.Clock.Advance(TimeSpan.FromSeconds(30));
        using (h.Take(Tier.High))
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        Assert.Equal(2, h.Of(Tier.High).Recent.Statements);

        h.Clock.Advance(TimeSpan.FromSeconds(40));

        var recent = h.Of(Tier.High).Recent;
        Assert.Equal(1, recent.Statements);
        Assert.InRange(recent.LatencyP99Ms, 2, 2 * 1.19);

        h.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, h.Of(Tier.High).Recent.Statements);
        Assert.Equal(0, h.Of(Tier.High).Recent.LatencyP99Ms);
    }

    [Fact]
    public void A_slot_reused_a_minute_later_starts_empty()
    {
        var h = new AdmissionHarness();
        using (h.Take(Tier.Medium))
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(300));
        }

        h.Clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(300));
        using (h.Take(Tier.Medium))
        {
        }

        var recent = h.Of(Tier.Medium).Recent;
        Assert.Equal(1, recent.Statements);
        Assert.InRange(recent.LatencyP99Ms, 0, 0.001);
    }
}
