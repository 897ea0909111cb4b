using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers;

/// <summary>A session moves between model tiers only by a margin held for a while; rules apply at once.</summary>
public sealed class TierHysteresisTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Rescore = TimeSpan.FromSeconds(2);
    private readonly TierOptions _options = new() { SwitchMargin = 0.15, MinDwell = TimeSpan.FromSeconds(10) };

    [Fact]
    public void A_session_whose_scores_alternate_near_a_boundary_changes_tier_at_most_once()
    {
        var tiers = new TierHysteresis(_options);
        var changes = 0;
        var now = Start;
        tiers.Apply(Model(new TierScores(0, 0.55, 0.45, 0)), now);

        // Near the boundary: the winner alternates, by less than the margin.
        for (var i = 0; i < 30; i++)
        {
            now += Rescore;
            changes += tiers.Apply(Model(i % 2 == 0 ? new TierScores(0, 0.45, 0.55, 0) : new TierScores(0, 0.55, 0.45, 0)), now) ? 1 : 0;
        }

        // Past the margin, but each side wins for less than MinDwell at a time.
        for (var i = 0; i < 30; i++)
        {
            now += Rescore;
            changes += tiers.Apply(Model((i / 3) % 2 == 0 ? new TierScores(0, 0.2, 0.8, 0) : new TierScores(0, 0.8, 0.2, 0)), now) ? 1 : 0;
        }

        Assert.InRange(changes, 0, 1);
        Assert.Equal(Tier.Medium, tiers.Current!.Tier);
    }

    [Fact]
    public void A_tier_that_wins_by_the_margin_for_MinDwell_takes_over_once()
    {
        var tiers = new TierHysteresis(_options);
        var now = Start;
        tiers.Apply(Model(new TierScores(0.1, 0.7, 0.1, 0.1)), now);
        var changedAt = new List<TimeSpan>();

        for (var i = 0; i < 20; i++)
        {
            now += Rescore;
            if (tiers.Apply(Model(new TierScores(0.05, 0.2, 0.7, 0.05)), now))
            {
                changedAt.Add(now - Start);
            }
        }

        Assert.Equal([TimeSpan.FromSeconds(12)], changedAt);
        Assert.Equal((Tier.Low, 0.7, Start + TimeSpan.FromSeconds(12)), (tiers.Current!.Tier, tiers.Current.Confidence, tiers.Current.At));
    }

    [Fact]
    public void A_rule_applies_at_once_and_so_does_its_end()
    {
        var tiers = new TierHysteresis(_options);
        tiers.Apply(Model(new TierScores(0, 0.9, 0.1, 0)), Start);

        var ruled = tiers.Apply(new TierDecision(new TierAssignment(Tier.Background, TierSources.Rule, 1, 1, Start), null), Start + Rescore);
        var sameRule = tiers.Apply(new TierDecision(new TierAssignment(Tier.Background, TierSources.Rule, 1, 1, Start), null), Start + 2 * Rescore);
        var ended = tiers.Apply(Model(new TierScores(0, 0.9, 0.1, 0)), Start + 3 * Rescore);

        Assert.Equal((true, false, true), (ruled, sameRule, ended));
        Assert.Equal((Tier.Medium, TierSources.Model), (tiers.Current!.Tier, tiers.Current.Source));
    }

    private static TierDecision Model(TierScores scores) =>
        new(new TierAssignment(scores.Best, TierSources.Model, scores[scores.Best], null, Start), scores);
}
