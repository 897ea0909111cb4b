using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Orleans.DynamicDb.Ml.Recording;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Training;

/// <summary>
/// The <c>evaluate</c> command: scores every row of a trace file the model never saw — another recording, with another
/// seed, silo and PostgreSQL — with the model file, a harder test than the held-out sessions of the training recording.
/// </summary>
public sealed class Evaluator(EvaluateOptions options, TextWriter log)
{
    public const string Start = "<!-- check:start (written by 'evaluate') -->";
    public const string End = "<!-- check:end -->";

    public int Run()
    {
        var rows = TraceRow.Read(options.Data);
        var ml = new MLContext(seed: 0);
        var engine = ml.Model.CreatePredictionEngine<TierFeatures, TierPrediction>(ml.Model.Load(options.Model, out _));
        var inputs = rows.Select(r => TraceCsv.Unlabelled(r.Features)).ToList();
        var predicted = inputs.Select(f => engine.Predict(f).PredictedLabel).ToList();

        // Timed on a second pass, once the JIT has compiled the scoring path.
        var started = Stopwatch.GetTimestamp();
        foreach (var f in inputs)
        {
            engine.Predict(f);
        }

        var microsPerRow = Stopwatch.GetElapsedTime(started).TotalMicroseconds / inputs.Count;
        var scored = rows.Select((r, i) => (Row: r, Predicted: predicted[i])).ToList();
        var (accuracy, macro, majority, perTier, confusion) = Evaluation.Score(scored.Select(s => (s.Row.Features.Label, s.Predicted)).ToList());
        var check = new CheckEvaluation(
            Path.GetFileName(options.Data), Path.GetFileName(options.Model), rows.Count, rows.Select(r => r.SessionId).Distinct().Count(),
            Math.Round(accuracy, 4), Math.Round(macro, 4), Math.Round(majority, 4),
            scored.GroupBy(s => s.Row.Workload).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Math.Round(g.Average(s => s.Row.Features.Label == s.Predicted ? 1.0 : 0.0), 4)),
            perTier.Select(m => m with { Precision = Math.Round(m.Precision, 4), Recall = Math.Round(m.Recall, 4) }).ToList(), confusion,
            Math.Round(microsPerRow, 1));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
        File.WriteAllText(options.Out, JsonSerializer.Serialize(check, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (options.Readme is not null)
        {
            ReadmeEvaluation.Replace(options.Readme, Start, End, Render(check));
        }

        log.WriteLine($"evaluate: {rows.Count} rows of {check.Sessions} sessions of {options.Data}: accuracy {accuracy:P1}, macro accuracy {macro:P1} (majority baseline {majority:P1}); {microsPerRow:0.0} µs per row scored (one PredictionEngine, one thread, second pass)");
        return 0;
    }

    private static string Render(CheckEvaluation e)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"The model scored every row of `{e.Data}` ({e.Rows} rows of {e.Sessions} sessions, another recording with its own seed):");
        s.AppendLine(c, $"**accuracy {e.Accuracy:P1}**, macro accuracy {e.MacroAccuracy:P1} (majority baseline {e.MajorityBaselineAccuracy:P1}); per workload:");
        s.AppendLine(string.Join(", ", e.AccuracyPerWorkload.Select(kv => $"{kv.Key} {kv.Value.ToString("P1", c)}")) + ".");
        s.AppendLine();
        s.AppendLine("| label \\ predicted | " + string.Join(" | ", e.Confusion.Tiers) + " | recall |");
        s.AppendLine("|---|" + string.Concat(e.Confusion.Tiers.Select(_ => "---:|")) + "---:|");
        for (var i = 0; i < e.Confusion.Tiers.Count; i++)
        {
            s.AppendLine("| " + e.Confusion.Tiers[i] + " | " + string.Join(" | ", e.Confusion.Counts[i]) + " | " + e.PerTier[i].Recall.ToString("P1", c) + " |");
        }

        s.AppendLine();
        s.AppendLine(c, $"Scoring took {e.ScoreMicrosecondsPerRow:0.0} µs per row (one `PredictionEngine`, one thread, second pass over the rows, on a shared 2-core machine whose load average was ~30: indicative only; the runtime's cost is measured in bench/).");

        return s.ToString();
    }
}

/// <summary>The result of <c>evaluate</c> (<c>ml/model/evaluation-check.json</c>).</summary>
public sealed record CheckEvaluation(
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("sessions")] int Sessions,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("macro_accuracy")] double MacroAccuracy,
    [property: JsonPropertyName("majority_baseline_accuracy")] double MajorityBaselineAccuracy,
    [property: JsonPropertyName("accuracy_per_workload")] IReadOnlyDictionary<string, double> AccuracyPerWorkload,
    [property: JsonPropertyName("per_tier")] IReadOnlyList<TierMetrics> PerTier,
    [property: JsonPropertyName("confusion_matrix")] ConfusionMatrix Confusion,
    [property: JsonPropertyName("score_microseconds_per_row")] double ScoreMicrosecondsPerRow);
