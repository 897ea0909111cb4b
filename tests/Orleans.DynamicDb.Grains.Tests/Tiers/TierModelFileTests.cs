using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers;

/// <summary>
/// The committed model file (ml/model/tier-model.zip) loads with plain ML.NET and scores the held-out rows of
/// ml/model/known-sessions.csv exactly as its training run recorded them: same tier, same probability.
/// </summary>
public sealed class TierModelFileTests
{
    private static readonly string ModelPath = Path.Combine(AppContext.BaseDirectory, "Tiers", "tier-model.zip");
    private static readonly string KnownSessionsPath = Path.Combine(AppContext.BaseDirectory, "Tiers", "known-sessions.csv");

    [Fact]
    public void The_model_scores_every_known_session_as_its_evaluation_recorded()
    {
        var engine = LoadEngine();
        var known = ReadKnownSessions();

        Assert.True(known.Count >= 8, $"{KnownSessionsPath} holds {known.Count} rows; the training run writes up to 40.");
        foreach (var (features, expectedTier, expectedProbability, line) in known)
        {
            var prediction = engine.Predict(features);

            Assert.True(prediction.PredictedLabel == expectedTier, $"known-sessions.csv line {line}: the model answered {prediction.PredictedLabel}, the training run recorded {expectedTier}.");
            Assert.True(Math.Abs(prediction.Score.Max() - expectedProbability) <= 1e-4, $"known-sessions.csv line {line}: probability {prediction.Score.Max()}, recorded {expectedProbability}.");
        }
    }

    [Fact]
    public void The_model_answers_a_tier_name_in_PredictedLabel_for_an_unlabelled_session()
    {
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(ModelPath, out var input);
        var output = model.GetOutputSchema(input);

        Assert.Equal(TextDataViewType.Instance, output["PredictedLabel"].Type);
        var prediction = ml.Model.CreatePredictionEngine<TierFeatures, Prediction>(model).Predict(new TierFeatures { PgWire = 1, RatePerSecond = 50, ReadRatio = 0.5f, LogStatements = 5 });
        Assert.True(Enum.TryParse<Tier>(prediction.PredictedLabel, out _), $"PredictedLabel '{prediction.PredictedLabel}' is not a tier name.");
        Assert.Equal(4, prediction.Score.Length);
        Assert.InRange(prediction.Score.Sum(), 0.999f, 1.001f);
    }

    private static PredictionEngine<TierFeatures, Prediction> LoadEngine()
    {
        Assert.True(File.Exists(ModelPath), $"The model file is missing at {ModelPath} (ml/model/tier-model.zip, copied by the test project).");
        var ml = new MLContext(seed: 0);
        return ml.Model.CreatePredictionEngine<TierFeatures, Prediction>(ml.Model.Load(ModelPath, out _));
    }

    private static List<(TierFeatures Features, string Tier, float Probability, int Line)> ReadKnownSessions()
    {
        var lines = File.ReadAllLines(KnownSessionsPath);
        var header = lines[0].Split(',');
        Assert.Equal(
            [
                nameof(TierFeatures.PgWire), nameof(TierFeatures.ReadOnlyKey), nameof(TierFeatures.AdminKey), nameof(TierFeatures.RatePerSecond),
                nameof(TierFeatures.ReadRatio), nameof(TierFeatures.StatementsPerTransaction), nameof(TierFeatures.InTransactionRatio),
                nameof(TierFeatures.P50Ms), nameof(TierFeatures.P99Ms), nameof(TierFeatures.RowsPerStatement), nameof(TierFeatures.BytesPerStatement),
                nameof(TierFeatures.ServerTimePerStatementMs), nameof(TierFeatures.ErrorRatio), nameof(TierFeatures.LogStatements),
                "Label", "PredictedLabel", "Probability",
            ],
            header);
        var rows = new List<(TierFeatures, string, float, int)>();
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            var v = cells[..14].Select(c => float.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            var features = new TierFeatures
            {
                PgWire = v[0], ReadOnlyKey = v[1], AdminKey = v[2], RatePerSecond = v[3], ReadRatio = v[4], StatementsPerTransaction = v[5],
                InTransactionRatio = v[6], P50Ms = v[7], P99Ms = v[8], RowsPerStatement = v[9], BytesPerStatement = v[10],
                ServerTimePerStatementMs = v[11], ErrorRatio = v[12], LogStatements = v[13],
            };
            rows.Add((features, cells[15], float.Parse(cells[16], NumberStyles.Float, CultureInfo.InvariantCulture), i + 1));
        }

        return rows;
    }

    /// <summary>The model's output columns the runtime reads.</summary>
    public sealed class Prediction
    {
        public string PredictedLabel { get; set; } = string.Empty;

        public float[] Score { get; set; } = [];
    }
}
