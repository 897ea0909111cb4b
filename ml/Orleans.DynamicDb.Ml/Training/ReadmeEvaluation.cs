using System.Globalization;
using System.Text;

namespace Orleans.DynamicDb.Ml.Training;

/// <summary>Regenerates the evaluation section of ml/README.md, between its <see cref="Start"/> and <see cref="End"/> markers.</summary>
public static class ReadmeEvaluation
{
    public const string Start = "<!-- evaluation:start (written by 'train') -->";
    public const string End = "<!-- evaluation:end -->";

    public static void Update(string readme, Evaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        Replace(readme, Start, End, Render(evaluation));
    }

    /// <summary>Replaces the text between <paramref name="start"/> and <paramref name="end"/> in <paramref name="readme"/> with <paramref name="section"/>.</summary>
    public static void Replace(string readme, string start, string end, string section)
    {
        var text = File.Exists(readme) ? File.ReadAllText(readme) : "";
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        if (from < 0 || to < from)
        {
            throw new InvalidOperationException($"{readme} has no markers '{start}' ... '{end}'; add them or pass --readme none.");
        }

        File.WriteAllText(readme, text[..(from + start.Length)] + "\n" + section + text[to..]);
    }

    public static string Render(Evaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"Data `{e.Data}`: {e.Rows} rows of {e.Sessions} sessions; trained on {e.TrainRows} rows of {e.TrainSessions} sessions,");
        s.AppendLine(c, $"evaluated on the **{e.TestRows} rows of {e.TestSessions} held-out sessions** (split by session, seed {e.Seed}). Trainer: {e.Trainer}.");
        s.AppendLine();
        s.AppendLine(c, $"- **Accuracy {e.Accuracy:P1}**, macro accuracy (mean per-tier recall) {e.MacroAccuracy:P1}; always answering the most");
        s.AppendLine(c, $"  frequent tier would score {e.MajorityBaselineAccuracy:P1}.");
        s.AppendLine(c, $"- Accuracy per workload (held-out rows): {string.Join(", ", e.AccuracyPerWorkload.Select(kv => $"{kv.Key} {kv.Value.ToString("P1", c)}"))};");
        s.AppendLine(c, $"  on the snapshots of sessions that had run at most 10 statements: {e.AccuracyFirst10Statements:P1}.");
        s.AppendLine(c, $"- On the {e.CostMovedRows} held-out rows whose label the observed cost moved below the declared tier: {e.AccuracyCostMovedRows:P1}.");
        s.AppendLine(c, $"- Sessions per workload: {string.Join(", ", e.SessionsPerWorkload.Select(kv => $"{kv.Key} {kv.Value}"))}.");
        s.AppendLine(c, $"- Rows per label: {string.Join(", ", e.RowsPerLabel.Select(kv => $"{kv.Key} {kv.Value}"))}.");
        s.AppendLine();
        s.AppendLine("| tier | held-out rows | precision | recall |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach (var m in e.PerTier)
        {
            s.AppendLine(c, $"| {m.Tier} | {m.Support} | {m.Precision:P1} | {m.Recall:P1} |");
        }

        s.AppendLine();
        s.AppendLine("Confusion matrix (rows: label, columns: prediction):");
        s.AppendLine();
        s.AppendLine("| label \\ predicted | " + string.Join(" | ", e.Confusion.Tiers) + " |");
        s.AppendLine("|---|" + string.Concat(e.Confusion.Tiers.Select(_ => "---:|")));
        for (var i = 0; i < e.Confusion.Tiers.Count; i++)
        {
            s.AppendLine("| " + e.Confusion.Tiers[i] + " | " + string.Join(" | ", e.Confusion.Counts[i]) + " |");
        }

        s.AppendLine();
        s.AppendLine("Permutation feature importance (drop in held-out accuracy when the feature is shuffled): "
            + string.Join(", ", e.FeatureImportance.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value.ToString("0.000", c)}")) + "; the others ~0.");
        return s.ToString();
    }
}
