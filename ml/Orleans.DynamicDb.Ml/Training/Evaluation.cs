using System.Text.Json.Serialization;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Training;

/// <summary>The model's evaluation on held-out sessions (<c>ml/model/evaluation.json</c>).</summary>
public sealed record Evaluation(
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("trainer")] string Trainer,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("sessions")] int Sessions,
    [property: JsonPropertyName("train_rows")] int TrainRows,
    [property: JsonPropertyName("train_sessions")] int TrainSessions,
    [property: JsonPropertyName("test_rows")] int TestRows,
    [property: JsonPropertyName("test_sessions")] int TestSessions,
    [property: JsonPropertyName("sessions_per_workload")] IReadOnlyDictionary<string, int> SessionsPerWorkload,
    [property: JsonPropertyName("rows_per_label")] IReadOnlyDictionary<string, int> RowsPerLabel,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("macro_accuracy")] double MacroAccuracy,
    [property: JsonPropertyName("majority_baseline_accuracy")] double MajorityBaselineAccuracy,
    [property: JsonPropertyName("accuracy_per_workload")] IReadOnlyDictionary<string, double> AccuracyPerWorkload,
    [property: JsonPropertyName("accuracy_first_10_statements")] double AccuracyFirst10Statements,
    [property: JsonPropertyName("cost_moved_rows")] int CostMovedRows,
    [property: JsonPropertyName("accuracy_cost_moved_rows")] double AccuracyCostMovedRows,
    [property: JsonPropertyName("per_tier")] IReadOnlyList<TierMetrics> PerTier,
    [property: JsonPropertyName("confusion_matrix")] ConfusionMatrix Confusion,
    [property: JsonPropertyName("feature_importance")] IReadOnlyDictionary<string, double> FeatureImportance)
{
    /// <summary>The tiers in priority order: the rows and columns of the confusion matrix.</summary>
    public static IReadOnlyList<string> Tiers { get; } = Enum.GetNames<Tier>();

    /// <summary>Accuracy, macro accuracy (the mean of per-tier recall), per-tier precision and recall and the confusion matrix.</summary>
    public static (double Accuracy, double MacroAccuracy, double Majority, IReadOnlyList<TierMetrics> PerTier, ConfusionMatrix Confusion) Score(
        IReadOnlyList<(string Actual, string Predicted)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var counts = new int[Tiers.Count][];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = new int[Tiers.Count];
        }

        foreach (var (actual, predicted) in pairs)
        {
            counts[IndexOf(actual)][IndexOf(predicted)]++;
        }

        var perTier = new List<TierMetrics>();
        for (var t = 0; t < Tiers.Count; t++)
        {
            var support = counts[t].Sum();
            var predictedAs = counts.Sum(row => row[t]);
            perTier.Add(new TierMetrics(Tiers[t], support, predictedAs == 0 ? 0 : (double)counts[t][t] / predictedAs, support == 0 ? 0 : (double)counts[t][t] / support));
        }

        var total = Math.Max(1, pairs.Count);
        var correct = Enumerable.Range(0, Tiers.Count).Sum(t => counts[t][t]);
        var present = perTier.Where(m => m.Support > 0).ToList();
        var majority = (double)perTier.Max(m => m.Support) / total;
        return ((double)correct / total, present.Count == 0 ? 0 : present.Average(m => m.Recall), majority, perTier,
            new ConfusionMatrix(Tiers, counts));
    }

    private static int IndexOf(string tier)
    {
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (Tiers[i] == tier)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{tier}' is not a tier (High, Medium, Low, Background).", nameof(tier));
    }
}

/// <summary>One tier's precision and recall on the held-out rows.</summary>
public sealed record TierMetrics(
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("support")] int Support,
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall);

/// <summary>Rows: the label; columns: the model's prediction; both in <see cref="Evaluation.Tiers"/> order.</summary>
public sealed record ConfusionMatrix(
    [property: JsonPropertyName("tiers")] IReadOnlyList<string> Tiers,
    [property: JsonPropertyName("counts")] int[][] Counts);
