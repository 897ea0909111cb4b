using System.Text;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>One pgbench run against one target: its report, the p50/p99 from its transaction log, and why it failed when it did.</summary>
/// <remarks><see cref="MiddleCpuSeconds"/>: CPU seconds the process between client and server (PgBouncer, the silo) used during the run; null for direct runs.</remarks>
internal sealed record PgBenchRun(string Target, string Script, int Clients, int ExitCode, PgBenchReport Report, double? P50Ms, double? P99Ms, string? Failure,
    double? MiddleCpuSeconds = null, double? MiddleAllocatedBytes = null)
{
    /// <summary>Bytes the middle process allocated per processed transaction; null when not measured.</summary>
    public double? MiddleBytesPerTransaction => MiddleAllocatedBytes is { } bytes && Report.Processed > 0 ? bytes / Report.Processed : null;

    /// <summary>CPU microseconds of the middle process per processed transaction; null without one or without transactions.</summary>
    public double? MiddleCpuMicrosecondsPerTransaction => MiddleCpuSeconds is { } cpu && Report.Processed > 0 ? cpu * 1_000_000 / Report.Processed : null;

    /// <summary>One console line.</summary>
    public string Describe() => Report.Succeeded
        ? $"{Script}, {Clients} clients, {Target}: {Fixed(Report.Tps ?? 0, 0)} TPS, avg {Fixed(Report.LatencyAverageMs ?? 0, 3)} ms, p50 {Ms(P50Ms)}, p99 {Ms(P99Ms)}, middle CPU {Us(MiddleCpuMicrosecondsPerTransaction)} µs/tx{(MiddleBytesPerTransaction is { } b ? $", {Fixed(b, 0)} B/tx allocated" : "")}"
        : $"{Script}, {Clients} clients, {Target}: not available (exit {ExitCode}: {Failure ?? Report.FirstError})";

    /// <summary>The runs as a Markdown table: one row per script and client count, one TPS and latency column group per target.</summary>
    public static string ToMarkdown(IReadOnlyList<PgBenchRun> runs, string protocol, int seconds, int scale, int pool)
    {
        var targets = runs.Select(r => r.Target).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine($"pgbench (scale {scale}, `-M {protocol}`, `-j 2`, `-T {seconds}`, `-n`; latency avg from pgbench, p50/p99 from `--log`; server connections behind PgBouncer and behind the frontend: {pool})");
        text.AppendLine();
        text.Append("| script | clients |");
        foreach (var target in targets)
        {
            text.Append($" {target}: TPS | avg / p50 / p99 ms |");
            if (runs.Any(r => r.Target == target && r.MiddleCpuSeconds is not null))
            {
                text.Append(" CPU µs/tx |");
            }

            if (runs.Any(r => r.Target == target && r.MiddleAllocatedBytes is not null))
            {
                text.Append(" allocated B/tx |");
            }
        }

        text.AppendLine(" frontend ÷ PgBouncer TPS |");
        text.Append("|---|---|");
        text.Append(string.Concat(targets.Select(t => "---|---|"
            + (runs.Any(r => r.Target == t && r.MiddleCpuSeconds is not null) ? "---|" : "")
            + (runs.Any(r => r.Target == t && r.MiddleAllocatedBytes is not null) ? "---|" : ""))));
        text.AppendLine("---|");
        foreach (var group in runs.GroupBy(r => (r.Script, r.Clients)))
        {
            text.Append($"| {group.Key.Script} | {group.Key.Clients} |");
            foreach (var target in targets)
            {
                var run = group.FirstOrDefault(r => r.Target == target);
                text.Append(run is null
                    ? " — | — |"
                    : run.Report.Succeeded
                        ? $" {Fixed(run.Report.Tps ?? 0, 0)} | {Fixed(run.Report.LatencyAverageMs ?? 0, 2)} / {Ms(run.P50Ms)} / {Ms(run.P99Ms)} |"
                        : $" not available | {Escape(run.Failure ?? run.Report.FirstError ?? $"exit {run.ExitCode}")} |");
                if (runs.Any(r => r.Target == target && r.MiddleCpuSeconds is not null))
                {
                    text.Append($" {(run is { Report.Succeeded: true } ? Us(run.MiddleCpuMicrosecondsPerTransaction) : "—")} |");
                }

                if (runs.Any(r => r.Target == target && r.MiddleAllocatedBytes is not null))
                {
                    text.Append($" {(run is { Report.Succeeded: true } ? Us(run.MiddleBytesPerTransaction) : "—")} |");
                }
            }

            var bouncer = group.FirstOrDefault(r => r.Target.StartsWith("PgBouncer", StringComparison.Ordinal));
            var frontend = group.LastOrDefault();
            text.AppendLine(bouncer is { Report.Succeeded: true } && frontend is { Report.Succeeded: true } && frontend != bouncer
                ? $" {Fixed(frontend.Report.Tps!.Value / bouncer.Report.Tps!.Value, 2)} |"
                : " — |");
        }

        return text.ToString();
    }

    /// <summary>One summary row per script and client count: each target's TPS, in the order run.</summary>
    public static void AddRows(ResultTable table, IReadOnlyList<PgBenchRun> runs)
    {
        foreach (var group in runs.GroupBy(r => (r.Script, r.Clients)))
        {
            var tps = string.Join(" / ", group.Select(r => r.Report.Succeeded ? Fixed(r.Report.Tps ?? 0, 0) : "not available"));
            table.Add(new ResultRow("12.7 pgbench", $"{group.Key.Script}, {group.Key.Clients} clients: {string.Join(" / ", group.Select(r => r.Target))}",
                $"{tps} TPS", "one run each", string.Join("; ", group.Select(r => r.Report.Succeeded ? $"p99 {Ms(r.P99Ms)} ms" : "—"))));
        }
    }

    private static string Us(double? value) => value is null ? "—" : Fixed(value.Value, 0);

    private static string Ms(double? value) => value is null ? "—" : Fixed(value.Value, 2);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
