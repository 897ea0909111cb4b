namespace Orleans.DynamicDb.Tiers;

/// <summary>The model's probability of each tier for one session (they add up to 1).</summary>
public readonly record struct TierScores(double High, double Medium, double Low, double Background)
{
    /// <summary>The probability of <paramref name="tier"/>.</summary>
    public double this[Tier tier] => tier switch
    {
        Tier.High => High,
        Tier.Medium => Medium,
        Tier.Low => Low,
        Tier.Background => Background,
        _ => 0,
    };

    /// <summary>The most probable tier (the higher priority on a tie).</summary>
    public Tier Best
    {
        get
        {
            var best = Tier.High;
            foreach (var tier in (ReadOnlySpan<Tier>)[Tier.Medium, Tier.Low, Tier.Background])
            {
                if (this[tier] > this[best])
                {
                    best = tier;
                }
            }

            return best;
        }
    }

    /// <summary>Scores normalised to probabilities: negatives count as 0; all zero gives Medium 1.</summary>
    public static TierScores Normalised(double high, double medium, double low, double background)
    {
        high = Math.Max(0, high);
        medium = Math.Max(0, medium);
        low = Math.Max(0, low);
        background = Math.Max(0, background);
        var sum = high + medium + low + background;
        return sum > 0 && double.IsFinite(sum) ? new(high / sum, medium / sum, low / sum, background / sum) : new(0, 1, 0, 0);
    }
}
