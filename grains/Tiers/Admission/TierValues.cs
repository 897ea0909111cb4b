namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>One number per tier, bound from configuration as <c>High</c>, <c>Medium</c>, <c>Low</c> and <c>Background</c>.</summary>
public sealed class TierValues
{
    public TierValues()
    {
    }

    public TierValues(int high, int medium, int low, int background) =>
        (High, Medium, Low, Background) = (high, medium, low, background);

    public int High { get; set; }

    public int Medium { get; set; }

    public int Low { get; set; }

    public int Background { get; set; }

    /// <summary>The value of <paramref name="tier"/>.</summary>
    public int this[Tier tier] => tier switch
    {
        Tier.High => High,
        Tier.Medium => Medium,
        Tier.Low => Low,
        Tier.Background => Background,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Not a tier."),
    };
}
