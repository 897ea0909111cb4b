using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Labels;

/// <summary>
/// The training label of one session snapshot (ml/README.md, "The label rule"): the importance its workload declares,
/// adjusted by the cost the session showed at that snapshot. Pure: the same declaration and features give the same tier.
/// </summary>
public static class TierLabelRule
{
    /// <summary>
    /// Server time per statement above which a session declared <see cref="Tier.High"/> is labelled <see cref="Tier.Medium"/>:
    /// an interactive client whose statements cost this much is not the cheap, latency-bound traffic High reserves capacity for.
    /// </summary>
    public const double HighBoundMs = 20;

    /// <summary>Server time per statement above which a session declared <see cref="Tier.Medium"/> is labelled <see cref="Tier.Low"/>.</summary>
    public const double MediumBoundMs = 200;

    /// <summary>
    /// Rows returned per statement above which a session declared <see cref="Tier.High"/> or <see cref="Tier.Medium"/> is
    /// moved one tier down as well: a client pulling this much per statement is doing a report, whatever it declared.
    /// </summary>
    public const double RowsPerStatementBound = 1000;

    /// <summary>The label of a session of a workload that declared <paramref name="declared"/>, as <paramref name="observed"/> shows it.</summary>
    public static Tier Label(Tier declared, TierFeatures observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        if (!Enum.IsDefined(declared))
        {
            throw new ArgumentOutOfRangeException(nameof(declared), declared, $"The declared tier must be High, Medium, Low or Background; it is {(int)declared}.");
        }

        return declared switch
        {
            Tier.High when IsCostly(observed, HighBoundMs) => Tier.Medium,
            Tier.Medium when IsCostly(observed, MediumBoundMs) => Tier.Low,
            _ => declared, // Low stays Low; Background (batch, bulk, maintenance) is Background whatever its key or cost.
        };
    }

    private static bool IsCostly(TierFeatures observed, double boundMs) =>
        observed.ServerTimePerStatementMs > boundMs || observed.RowsPerStatement > RowsPerStatementBound;
}
