using Microsoft.ML.Data;

namespace Orleans.DynamicDb.Tiers;

/// <summary>The model's output the classifier reads: one score per tier, in the order of the model's slot names.</summary>
internal sealed class TierPrediction
{
    /// <summary>The per-class scores (one-versus-all), slot i naming its tier in the column's slot names.</summary>
    [ColumnName("Score")]
    public float[] Score { get; set; } = [];
}
