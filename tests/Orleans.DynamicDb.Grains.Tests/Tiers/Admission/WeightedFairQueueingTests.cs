using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>Who gets a freed slot while statements wait: shares by weight, a minimum share for Low, Background throttled first.</summary>
public sealed class WeightedFairQueueingTests
{
    [Fact]
    public void Under_a_steady_backlog_of_every_tier_freed_slots_go_to_the_tiers_in_proportion_to_their_weights()
    {
        var grants = Run(new AdmissionHarness(Single), [Tier.High, Tier.Medium, Tier.Low, Tier.Background], grants: 1500);

        // Default weights 8 : 4 : 2 : 1 of 15.
        AssertShare(grants, Tier.High, 8 / 15.0);
        AssertShare(grants, Tier.Medium, 4 / 15.0);
        AssertShare(grants, Tier.Low, 2 / 15.0);
        AssertShare(grants, Tier.Background, 1 / 15.0);
    }

    [Fact]
    public void Configured_weights_set_the_shares()
    {
        var grants = Run(new AdmissionHarness(o => { Single(o); o.Weights.High = 1; o.Weights.Low = 3; }), [Tier.High, Tier.Low], grants: 800);

        AssertShare(grants, Tier.High, 1 / 4.0);
        AssertShare(grants, Tier.Low, 3 / 4.0);
    }

    [Fact]
    public void Low_is_never_starved_by_a_backlog_of_high_and_medium_it_gets_a_grant_in_every_window_of_its_share()
    {
        var order = new List<Tier>();
        Run(new AdmissionHarness(Single), [Tier.High, Tier.Medium, Tier.Low], grants: 700, order);

        // Low's share is 2 of 14: it is served at least once in every 14 consecutive grants.
        for (var start = 0; start + 14 <= order.Count; start++)
        {
            Assert.Contains(Tier.Low, order.GetRange(start, 14));
        }
    }

    [Fact]
    public void A_tier_that_was_idle_gets_its_share_from_when_it_comes_back_not_a_burst_for_the_time_it_was_away()
    {
        var h = new AdmissionHarness(Single);
        var order = new List<Tier>();
        Run(h, [Tier.Medium], grants: 200, order);
        order.Clear();

        Run(h, [Tier.Medium, Tier.Low], grants: 60, order);

        // Low weighs 2 against Medium's 4: a third of the grants, not all of the first 200.
        AssertShare(order.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count()), Tier.Low, 1 / 3.0);
    }

    [Fact]
    public async Task While_another_tier_waits_background_holds_at_most_its_cap_and_is_passed_over_first()
    {
        // Fixed limits: with the adaptive limit on, Background starts at one slot and grows as it presses (AdaptiveAdmissionTests).
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.BackgroundMaxSlots, o.Adaptive) = (4, 0, 1, false));
        var background = Enumerable.Range(0, 4).Select(_ => h.Take(Tier.Background)).ToList();
        var queuedBackground = h.Enter(Tier.Background);
        var firstLow = h.Enter(Tier.Low);
        var secondLow = h.Enter(Tier.Low);

        background[0].Dispose();
        Assert.Equal((1, 3), (h.Of(Tier.Low).InFlight, h.Of(Tier.Background).InFlight));
        background[1].Dispose();
        Assert.Equal((2, 2), (h.Of(Tier.Low).InFlight, h.Of(Tier.Background).InFlight));
        Assert.Equal(1, h.Of(Tier.Background).Queued);
        background[2].Dispose();

        // Nobody else waits and Background holds one slot: it is not throttled any more.
        Assert.Equal((2, 2, 0), (h.Of(Tier.Low).InFlight, h.Of(Tier.Background).InFlight, h.Status.Queued));
        await Task.WhenAll(firstLow, secondLow, queuedBackground).WaitAsync(AdmissionHarness.Patience);
        Assert.True(h.Of(Tier.Background).Throttled >= 1);
        Assert.Equal(0, h.Of(Tier.Low).Throttled);
    }

    [Fact]
    public async Task Background_alone_uses_every_free_slot()
    {
        // Fixed limits: with the adaptive limit on, Background starts at one slot and grows as it presses (AdaptiveAdmissionTests).
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.BackgroundMaxSlots, o.Adaptive) = (4, 0, 1, false));
        var held = Enumerable.Range(0, 4).Select(_ => h.Take(Tier.Background)).ToList();
        var waiting = h.Enter(Tier.Background);

        held[0].Dispose();

        await waiting.WaitAsync(AdmissionHarness.Patience);
        Assert.Equal(4, h.Of(Tier.Background).InFlight);
        Assert.Equal(0, h.Of(Tier.Background).Throttled);
    }

    private static void Single(TierAdmissionOptions o) => (o.SlotsPerEngine, o.ReservedHigh, o.BackgroundMaxSlots) = (1, 0, 1);

    /// <summary>
    /// Keeps <paramref name="tiers"/> backlogged (20 waiting each) behind one slot, frees the slot <paramref name="grants"/>
    /// times and counts who got it (the tier whose statement holds the slot right after it was freed).
    /// </summary>
    private static Dictionary<Tier, int> Run(AdmissionHarness h, Tier[] tiers, int grants, List<Tier>? order = null)
    {
        var holder = h.Take(Tier.High);
        var waiting = tiers.ToDictionary(t => t, t => new Queue<Task<AdmissionLease>>(Enumerable.Range(0, 20).Select(_ => h.Enter(t))));
        var counts = tiers.ToDictionary(t => t, _ => 0);
        for (var i = 0; i < grants; i++)
        {
            holder = Next(h, holder, waiting);
            var tier = h.Status.Tiers.Single(t => t.InFlight == 1).Tier;
            counts[tier]++;
            order?.Add(tier);
            waiting[tier].Enqueue(h.Enter(tier));
        }

        // Drain: every waiter gets the slot in turn, so the harness ends empty.
        while (waiting.Values.Any(q => q.Count > 0))
        {
            holder = Next(h, holder, waiting);
        }

        holder.Dispose();
        Assert.Equal(0, h.Status.InFlight);
        return counts;
    }

    /// <summary>Frees the slot and returns the lease of the statement that got it (the head of its tier's queue).</summary>
    private static AdmissionLease Next(AdmissionHarness h, AdmissionLease holder, Dictionary<Tier, Queue<Task<AdmissionLease>>> waiting)
    {
        holder.Dispose();
        var tier = h.Status.Tiers.Single(t => t.InFlight == 1).Tier;
        var granted = waiting[tier].Dequeue();
        Assert.True(granted.Wait(AdmissionHarness.Patience), $"The {tier} statement given the slot never heard of it: {h.Describe()}");
        return granted.Result;
    }

    private static void AssertShare(Dictionary<Tier, int> counts, Tier tier, double expected)
    {
        var share = counts.GetValueOrDefault(tier) / (double)counts.Values.Sum();
        Assert.True(Math.Abs(share - expected) <= 0.1 * expected + 0.01,
            $"{tier} got {share:P1} of the grants; its weight gives {expected:P1}. Counts: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
    }
}
