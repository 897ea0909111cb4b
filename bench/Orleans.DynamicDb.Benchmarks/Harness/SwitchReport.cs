using System.Text;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Renders the <c>engine-switch</c> samples: one console line per switch, a detailed Markdown table per (size, pair) for
/// bench/RESULTS.md, and summary rows (write pause and total time p50/p99, the goal at 100 MB, lost/duplicated).
/// Percentiles over repetitions are nearest rank (with fewer than 100 repetitions p99 is the largest); client latencies
/// over repetitions are the median of the repetitions' p50, and the largest p99 and max.
/// </summary>
internal static class SwitchReport
{
    private const string Group = "10.9 engine switch";
    private const double PauseGoalMs = 100;

    public static string Describe(SwitchSample s) => string.Create(Culture,
        $"  {s.SizeMb} MB #{s.Repetition} {s.From}→{s.To}: {(s.Switched ? "switched" : $"NOT switched ({s.Answer.Status} {s.Answer.State} {s.Answer.Error})")}, "
        + $"write pause {Ms(s.Answer.WritePauseMs)}, total {Ms(s.Answer.SwitchDurationMs)} (POST answered in {Ms(s.ClientMs)}), rows {s.Answer.RowsCopied?.ToString("N0", Culture) ?? "—"}, "
        + $"before copy {Ms(s.BeforeCopyMs)}, copy {Ms(s.CopyMs)} ({(s.CopyMegabytesPerSecond is { } c ? $"{c:F1}" : "—")} MB/s), {(s.MegabytesPerSecond is { } r ? $"{r:F1}" : "—")} MB/s over the whole switch, validation {(s.Answer.ValidationPassed is { } v ? (v ? "passed" : "FAILED") : "—")}; "
        + $"writes before p50 {s.Before.Ms(50):F1}/p99 {s.Before.Ms(99):F1}/max {s.Before.Ms(100):F1} ms, during p50 {s.During.Ms(50):F1}/p99 {s.During.Ms(99):F1}/max {s.During.Ms(100):F1} ms ({s.During.Count}), "
        + $"longest ack gap {s.LongestGapMs:F0} ms (from +{s.LongestGapAtMs:F0} ms, in {s.LongestGapPhase}), failed writes {s.FailedWrites}, reads {s.Reads} ok / {s.ReadFailures.Count} failed{Failures(s.ReadFailures)}; "
        + $"on {s.EngineAfter}: lost {s.Lost}, duplicated {s.Duplicated} of {Count(s.Acknowledged)} acknowledged");

    public static void Add(ResultTable table, IReadOnlyList<SwitchSample> samples, IReadOnlyList<string> notes, int writers, TimeSpan period, TimeSpan settle)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(Culture, $"Engine switch under load: {writers} writers (≤ 1 write per {period.TotalMilliseconds} ms each), 1 reader, settle {settle.TotalSeconds} s before each switch. Server: `write_pause_ms`, `switch_duration_ms`, `rows_copied`; from the silo's log: the time before the copy phase, the copy's duration and copy MB/s = the mover's bytes / the copy's duration; whole MB/s = SQLite data files / `switch_duration_ms`. Client write latency: before = writes sent in the settle time before the POST; during = writes in flight between the POST and its answer."));
        text.AppendLine();
        text.AppendLine("| size | switch | switched / run | write pause p50 / p99 (server) | total p50 / p99 (server) | before copy p50 | copy p50 (copy MB/s p50) | whole MB/s p50 | longest ack gap p50 / max (client), phase it began in | write latency before p50 / p99 / max | during p50 / p99 / max | rows copied | failed writes / reads | lost / dup |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var cell in samples.GroupBy(s => (s.SizeMb, s.From, s.To)))
        {
            var all = cell.ToList();
            var ok = all.Where(s => s.Switched).ToList();
            var pauses = Values(ok.Select(s => s.Answer.WritePauseMs));
            var totals = Values(ok.Select(s => s.Answer.SwitchDurationMs));
            var gaps = Values(ok.Select(s => (double?)s.LongestGapMs));
            var rates = Values(ok.Select(s => s.MegabytesPerSecond));
            var rows = Values(ok.Select(s => (double?)s.Answer.RowsCopied));
            var beforeCopy = Values(ok.Select(s => s.BeforeCopyMs));
            var copies = Values(ok.Select(s => s.CopyMs));
            var copyRates = Values(ok.Select(s => s.CopyMegabytesPerSecond));
            text.AppendLine(string.Create(Culture,
                $"| {cell.Key.SizeMb} MB | {cell.Key.From}→{cell.Key.To} | {ok.Count} / {all.Count} | {P(pauses, 50)} / {P(pauses, 99)} | {P(totals, 50)} / {P(totals, 99)} | {P(beforeCopy, 50)} | {P(copies, 50)} ({Rate(copyRates)}) | {Rate(rates)} | {P(gaps, 50)} / {P(gaps, 100)}, {string.Join(" ", ok.GroupBy(s => s.LongestGapPhase).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}"))} "
                + $"| {Client(all.Select(s => s.Before))} | {Client(all.Select(s => s.During))} | {(rows.Length == 0 ? "—" : Count(rows[rows.Length / 2]))} "
                + $"| {all.Sum(s => s.FailedWrites)} / {all.Sum(s => s.ReadFailures.Count)} | {all.Sum(s => s.Lost)} / {all.Sum(s => s.Duplicated)} |"));
            var failed = all.Where(s => !s.Switched).Select(s => $"#{s.Repetition}: {s.Answer.Status} {s.Answer.State} {s.Answer.Error}").ToList();
            table.Add(new ResultRow(Group, $"{cell.Key.SizeMb} MB {cell.Key.From}→{cell.Key.To}: write pause (server)", $"p50 {P(pauses, 50)}", $"p99 {P(pauses, 99)}",
                string.Create(Culture, $"{ok.Count} of {all.Count} switched; total p50 {P(totals, 50)} / p99 {P(totals, 99)}; copy p50 {P(copies, 50)} at {Rate(copyRates)} MB/s; longest ack gap max {P(gaps, 100)}; lost {all.Sum(s => s.Lost)} / duplicated {all.Sum(s => s.Duplicated)}{(failed.Count > 0 ? "; failed: " + string.Join("; ", failed) : "")}")));
        }

        text.AppendLine();
        foreach (var note in notes)
        {
            text.Append("- ").AppendLine(note);
        }

        var large = Values(samples.Where(s => s.Switched && s.SizeMb >= 100).Select(s => s.Answer.WritePauseMs));
        table.Add(new ResultRow(Group, "write pause at 100 MB, all pairs (server)", large.Length == 0 ? "not run" : $"p99 {P(large, 99)}", large.Length == 0 ? "—" : $"max {P(large, 100)}",
            large.Length == 0 ? "goal ≤ 100 ms p99: not measured" : $"{large.Length} switches; goal ≤ 100 ms p99: {(Percentile(large, 99) <= PauseGoalMs ? "met" : "MISSED")}"));
        var lost = samples.Sum(s => s.Lost);
        var duplicated = samples.Sum(s => s.Duplicated);
        table.Add(new ResultRow(Group, "acknowledged ids lost / duplicated after each switch", $"{lost} / {duplicated}", "—",
            string.Create(Culture, $"{samples.Count} switches ({samples.Count(s => s.Switched)} switched); goal 0 / 0: {(lost == 0 && duplicated == 0 ? "met" : "MISSED")}; failed writes {samples.Sum(s => s.FailedWrites)}, failed reads {samples.Sum(s => s.ReadFailures.Count)}")));
        table.AddSection(text.ToString());
    }

    private static string Client(IEnumerable<Latencies> latencies)
    {
        var seen = latencies.Where(l => l.Count > 0).ToList();
        return seen.Count == 0
            ? "—"
            : string.Create(Culture, $"{Stats.Median([.. seen.Select(l => l.Ms(50))]):F1} / {seen.Max(l => l.Ms(99)):F1} / {seen.Max(l => l.Ms(100)):F1} ms");
    }

    private static string Rate(double[] sorted) => sorted.Length == 0 ? "—" : Percentile(sorted, 50).ToString("F1", Culture);

    private static string Failures(IReadOnlyList<string> failures) =>
        failures.Count == 0 ? "" : " (" + string.Join(", ", failures.GroupBy(f => f).Select(g => $"{g.Key} × {g.Count()}")) + ")";

    private static double[] Values(IEnumerable<double?> values) => [.. values.Where(v => v is not null).Select(v => v!.Value).Order()];

    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string P(double[] sorted, double percent) => sorted.Length == 0 ? "—" : Ms(Percentile(sorted, percent));

    private static string Ms(double? value) => value is { } v ? v.ToString(v < 100 ? "0.0" : "0", Culture) + " ms" : "—";
}
