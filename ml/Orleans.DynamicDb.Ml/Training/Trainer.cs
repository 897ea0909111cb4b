using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Orleans.DynamicDb.Ml.Recording;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Training;

/// <summary>
/// The <c>train</c> command: FastTree one-versus-all over the 14 <see cref="TierFeatures"/> columns, the label mapped to a
/// key and the prediction back to the tier's name (<c>PredictedLabel</c>), trained on the sessions the split keeps and
/// evaluated on the ones it holds out.
/// </summary>
public sealed class Trainer(TrainOptions options, TextWriter log)
{
    /// <summary>The model file's name in the output folder.</summary>
    public const string ModelFile = "tier-model.zip";

    /// <summary>The trainer's settings, as the evaluation records them.</summary>
    public const string TrainerDescription = "OneVersusAll(FastTree binary: 100 trees, 16 leaves, min 20 rows per leaf, learning rate 0.2)";

    public int Run()
    {
        var rows = TraceRow.Read(options.Data);
        var (train, test) = SessionSplit.Split(rows, options.TestFraction, options.Seed);
        log.WriteLine($"train: {rows.Count} rows of {rows.Select(r => r.SessionId).Distinct().Count()} sessions; {train.Count} rows to train, {test.Count} held out");
        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidOperationException($"{options.Data} has too few sessions to hold some out ({rows.Count} rows).");
        }

        var ml = new MLContext(seed: options.Seed);
        var trainData = ml.Data.LoadFromEnumerable(train.Select(r => r.Features));
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(TierFeatures.Label))
            .Append(ml.Transforms.Concatenate("Features", TraceCsv.FeatureColumns))
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                {
                    NumberOfTrees = 100,
                    NumberOfLeaves = 16,
                    MinimumExampleCountPerLeaf = 20,
                    LearningRate = 0.2,
                    Seed = options.Seed,
                    NumberOfThreads = 1,
                }),
                labelColumnName: nameof(TierFeatures.Label)))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(trainData);

        Directory.CreateDirectory(options.Out);
        var modelPath = Path.Combine(options.Out, ModelFile);
        ml.Model.Save(model, trainData.Schema, modelPath);

        // Score with the model as saved: what the runtime and the model test load.
        var loaded = ml.Model.Load(modelPath, out _);
        var engine = ml.Model.CreatePredictionEngine<TierFeatures, TierPrediction>(loaded);
        var scored = test.Select(r => (Row: r, Prediction: Copy(engine.Predict(TraceCsv.Unlabelled(r.Features))))).ToList();

        var (accuracy, macro, majority, perTier, confusion) = Evaluation.Score(scored.Select(s => (s.Row.Features.Label, s.Prediction.PredictedLabel)).ToList());
        var evaluation = new Evaluation(
            Path.GetFileName(options.Data), TrainerDescription, options.Seed, rows.Count, rows.Select(r => r.SessionId).Distinct().Count(),
            train.Count, train.Select(r => r.SessionId).Distinct().Count(), test.Count, test.Select(r => r.SessionId).Distinct().Count(),
            rows.GroupBy(r => r.Workload).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => r.SessionId).Distinct().Count()),
            Evaluation.Tiers.ToDictionary(t => t, t => rows.Count(r => r.Features.Label == t)),
            Math.Round(accuracy, 4), Math.Round(macro, 4), Math.Round(majority, 4),
            scored.GroupBy(s => s.Row.Workload).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Math.Round(g.Average(s => s.Row.Features.Label == s.Prediction.PredictedLabel ? 1.0 : 0.0), 4)),
            Math.Round(AccuracyOf(scored.Where(s => s.Row.Features.LogStatements < Math.Log(11))), 4),
            scored.Count(s => s.Row.Features.Label != s.Row.Declared),
            Math.Round(AccuracyOf(scored.Where(s => s.Row.Features.Label != s.Row.Declared)), 4),
            perTier.Select(m => m with { Precision = Math.Round(m.Precision, 4), Recall = Math.Round(m.Recall, 4) }).ToList(),
            confusion, FeatureImportance(ml, model, ml.Data.LoadFromEnumerable(test.Select(r => r.Features))));
        File.WriteAllText(Path.Combine(options.Out, "evaluation.json"), JsonSerializer.Serialize(evaluation, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        KnownSessions.Write(Path.Combine(options.Out, KnownSessions.FileName), scored);
        if (options.Readme is not null)
        {
            ReadmeEvaluation.Update(options.Readme, evaluation);
        }

        log.WriteLine($"train: held-out accuracy {accuracy:P1}, macro accuracy {macro:P1} (majority baseline {majority:P1}); wrote {modelPath}");
        return 0;
    }

    private static double AccuracyOf(IEnumerable<(TraceRow Row, TierPrediction Prediction)> scored)
    {
        var list = scored.ToList();
        return list.Count == 0 ? 0 : list.Average(s => s.Row.Features.Label == s.Prediction.PredictedLabel ? 1.0 : 0.0);
    }

    private static TierPrediction Copy(TierPrediction p) => new() { PredictedLabel = p.PredictedLabel, Score = [.. p.Score] };

    /// <summary>
    /// Permutation feature importance on the held-out rows: how much the accuracy drops when one feature's values are
    /// shuffled (mean of 3 permutations); the larger, the more the model relies on the feature.
    /// </summary>
    private static Dictionary<string, double> FeatureImportance(MLContext ml, ITransformer model, IDataView test)
    {
        var steps = ((IEnumerable<ITransformer>)model).ToList();
        var features = steps[1].Transform(steps[0].Transform(test));
        var ova = (MulticlassPredictionTransformer<OneVersusAllModelParameters>)steps[2];
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(ova, features, labelColumnName: nameof(TierFeatures.Label), permutationCount: 3);
        return TraceCsv.FeatureColumns.Select((name, i) => (name, drop: Math.Round(-importance[i].MicroAccuracy.Mean, 4)))
            .OrderByDescending(x => x.drop).ToDictionary(x => x.name, x => x.drop);
    }
}
