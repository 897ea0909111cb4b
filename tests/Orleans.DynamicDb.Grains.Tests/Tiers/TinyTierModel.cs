using Microsoft.ML;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers;

/// <summary>
/// A small FastTree one-versus-all model trained here from synthetic <see cref="TierFeatures"/> rows (the real model's
/// shape, ml/README.md): writers are High, mixed traffic Medium, big readers Low, long batch transactions Background.
/// Its first rows are Background, so the model's class order is not the <see cref="Tier"/> order.
/// </summary>
internal static class TinyTierModel
{
    private static readonly Lock Gate = new();
    private static string? _path;

    /// <summary>The model file, trained once per test run.</summary>
    public static string Path
    {
        get
        {
            lock (Gate)
            {
                return _path ??= Train(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dyndb-tier-model-{Guid.NewGuid():N}.zip"));
            }
        }
    }

    public static TierFeatures Writer => new() { ReadRatio = 0.1f, RowsPerStatement = 1, StatementsPerTransaction = 1, LogStatements = 3 };

    public static TierFeatures Mixed => new() { ReadRatio = 0.5f, RowsPerStatement = 5, StatementsPerTransaction = 3, LogStatements = 3 };

    public static TierFeatures Reader => new() { ReadRatio = 0.95f, RowsPerStatement = 500, StatementsPerTransaction = 1, LogStatements = 3 };

    public static TierFeatures Batch => new() { ReadRatio = 0.1f, RowsPerStatement = 1, StatementsPerTransaction = 120, LogStatements = 6 };

    private static string Train(string path)
    {
        var random = new Random(7);
        var rows = new List<TierFeatures>();
        for (var i = 0; i < 60; i++)
        {
            rows.Add(Row(Batch, "Background"));
            rows.Add(Row(Reader, "Low"));
            rows.Add(Row(Mixed, "Medium"));
            rows.Add(Row(Writer, "High"));
        }

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        string[] features = [.. typeof(TierFeatures).GetProperties().Where(p => p.PropertyType == typeof(float)).Select(p => p.Name)];
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Concatenate("Features", features))
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 20, minimumExampleCountPerLeaf: 2)))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        ml.Model.Save(pipeline.Fit(data), data.Schema, path);
        return path;

        TierFeatures Row(TierFeatures shape, string label) => new()
        {
            PgWire = random.Next(2),
            ReadRatio = Math.Clamp(shape.ReadRatio + (float)(random.NextDouble() - 0.5) * 0.1f, 0, 1),
            RowsPerStatement = shape.RowsPerStatement * (float)(0.8 + random.NextDouble() * 0.4),
            StatementsPerTransaction = shape.StatementsPerTransaction * (float)(0.8 + random.NextDouble() * 0.4),
            LogStatements = shape.LogStatements + (float)random.NextDouble(),
            Label = label,
        };
    }
}
