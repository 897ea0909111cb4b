using Orleans.DynamicDb.Ml.Labels;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers;

/// <summary>The training label rule (ml/README.md): the declared importance, moved down by the observed cost.</summary>
public sealed class TierLabelRuleTests
{
    private static TierFeatures Observed(double serverMs = 1, double rows = 1, float readOnlyKey = 0, float adminKey = 0) => new()
    {
        ServerTimePerStatementMs = (float)serverMs,
        RowsPerStatement = (float)rows,
        ReadOnlyKey = readOnlyKey,
        AdminKey = adminKey,
        RatePerSecond = 10,
    };

    [Fact]
    public void A_cheap_interactive_session_keeps_the_High_it_declared() =>
        Assert.Equal(Tier.High, TierLabelRule.Label(Tier.High, Observed(serverMs: 3)));

    [Fact]
    public void An_interactive_session_whose_statements_cost_more_than_the_High_bound_is_Medium()
    {
        Assert.Equal(Tier.High, TierLabelRule.Label(Tier.High, Observed(serverMs: TierLabelRule.HighBoundMs)));
        Assert.Equal(Tier.Medium, TierLabelRule.Label(Tier.High, Observed(serverMs: TierLabelRule.HighBoundMs + 0.5)));
    }

    [Fact]
    public void A_High_session_that_pulls_report_sized_results_is_Medium() =>
        Assert.Equal(Tier.Medium, TierLabelRule.Label(Tier.High, Observed(rows: TierLabelRule.RowsPerStatementBound + 1)));

    [Fact]
    public void A_Medium_session_is_Low_above_the_Medium_bound_and_Medium_below_it()
    {
        Assert.Equal(Tier.Medium, TierLabelRule.Label(Tier.Medium, Observed(serverMs: 150)));
        Assert.Equal(Tier.Low, TierLabelRule.Label(Tier.Medium, Observed(serverMs: TierLabelRule.MediumBoundMs + 1)));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(5_000)]
    public void A_reporting_session_stays_Low_whatever_its_cost(double serverMs) =>
        Assert.Equal(Tier.Low, TierLabelRule.Label(Tier.Low, Observed(serverMs: serverMs, rows: 5_000)));

    [Theory]
    [InlineData(0.1, 0f, 0f)]
    [InlineData(0.1, 0f, 1f)]
    [InlineData(900, 1f, 0f)]
    public void A_batch_or_maintenance_session_is_Background_whatever_its_key_or_cost(double serverMs, float readOnlyKey, float adminKey) =>
        Assert.Equal(Tier.Background, TierLabelRule.Label(Tier.Background, Observed(serverMs, readOnlyKey: readOnlyKey, adminKey: adminKey)));

    [Fact]
    public void A_declared_tier_that_is_not_a_tier_is_refused_naming_the_value()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TierLabelRule.Label((Tier)7, Observed()));

        Assert.Contains("it is 7", error.Message, StringComparison.Ordinal);
    }
}
