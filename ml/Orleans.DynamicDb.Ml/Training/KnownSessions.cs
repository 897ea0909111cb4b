using Orleans.DynamicDb.Ml.Recording;

namespace Orleans.DynamicDb.Ml.Training;

/// <summary>
/// <c>ml/model/known-sessions.csv</c>: about 40 held-out rows (up to 10 per labelled tier, one per session) with their
/// features, their label, and the tier and probability the saved model gave them; the model file test scores them again.
/// </summary>
public static class KnownSessions
{
    public const string FileName = "known-sessions.csv";

    public const int PerTier = 10;

    /// <summary>The header line.</summary>
    public static string Header { get; } = string.Join(',', TraceCsv.FeatureColumns) + ",Label,PredictedLabel,Probability";

    public static void Write(string path, IReadOnlyList<(TraceRow Row, TierPrediction Prediction)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var lines = new List<string> { Header };
        foreach (var tier in Evaluation.Tiers)
        {
            var bySession = scored.Where(s => s.Row.Features.Label == tier)
                .GroupBy(s => s.Row.SessionId).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            var step = Math.Max(1, bySession.Count / PerTier);
            foreach (var session in bySession.Where((_, i) => i % step == 0).Take(PerTier))
            {
                var rows = session.ToList();
                var (row, prediction) = rows[rows.Count / 2];
                lines.Add(string.Join(',', TraceCsv.Values(row.Features).Select(TraceCsv.Format))
                    + $",{row.Features.Label},{prediction.PredictedLabel},{TraceCsv.Format(prediction.Probability)}");
            }
        }

        File.WriteAllLines(path, lines);
    }
}
