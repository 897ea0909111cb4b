namespace Orleans.DynamicDb.Ml.Training;

/// <summary>What the model answers: the tier's name and one score per tier (OVA probabilities, summing to 1).</summary>
public sealed class TierPrediction
{
    public string PredictedLabel { get; set; } = string.Empty;

    public float[] Score { get; set; } = [];

    /// <summary>The probability of <see cref="PredictedLabel"/>: the largest score.</summary>
    public float Probability => Score.Length == 0 ? 0 : Score.Max();
}
