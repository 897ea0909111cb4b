using System.Text;
using Orleans.DynamicDb.Benchmarks.Harness;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites.Qos;

/// <summary>One run of the <c>qos</c> part: what each tier's clients did, and how it is reported.</summary>
internal sealed class QosRun(string name)
{
    public string Name { get; } = name;

    public QosTally High { get; } = new();

    public QosTally Low { get; } = new();

    public QosTally Background { get; } = new();

    public double Seconds { get; set; }

    /// <summary>What the silo saw during the run (<see cref="QosProbe"/>); null when not probed.</summary>
    public string? Probe { get; set; }

    public Latencies HighLatencies => new(High.Ticks);

    public double P99Ratio(QosRun alone) => HighLatencies.Ms(99) / alone.HighLatencies.Ms(99);

    public string Describe() =>
        $"{Name}: High {HighLatencies.Describe()}, {High.Ok} ok, {High.Rejected} rejected, {High.Failed} failed; "
        + $"Low {Rate(Low)}/s ({Low.Rejected} rejected, {Low.Failed} failed); Background {Rate(Background)}/s ({Background.Rejected} rejected, {Background.Failed} failed)";

    public void AddRows(ResultTable table, string group, QosRun alone)
    {
        var latencies = HighLatencies;
        table.Add(new ResultRow(group, $"{Name}: High p50 / p99",
            $"p50 **{Fixed(latencies.Ms(50), 2)} ms**, p99 **{Fixed(latencies.Ms(99), 2)} ms**",
            ReferenceEquals(this, alone) ? "baseline" : $"p99 × {Fixed(P99Ratio(alone), 2)} of alone, p50 × {Fixed(latencies.Ms(50) / alone.HighLatencies.Ms(50), 2)}",
            $"{Count(High.Ok)} High statements in {Fixed(Seconds, 1)} s, {High.Rejected} rejected, {High.Failed} failed; {latencies.Tails(2)}"));
        if (Low.Ok + Low.Rejected + Low.Failed + Background.Ok + Background.Rejected + Background.Failed > 0)
        {
            table.Add(new ResultRow(group, $"{Name}: Low and Background",
                $"Low **{Rate(Low)}/s**, Background **{Rate(Background)}/s**",
                $"rejected Low {Low.Rejected}, Background {Background.Rejected}",
                $"failed Low {Low.Failed}, Background {Background.Failed}; Low p50 {Fixed(new Latencies(Low.Ticks).Ms(50), 0)} ms, Background p50 {Fixed(new Latencies(Background.Ticks).Ms(50), 0)} ms"));
        }
    }

    public static string Summary(QosSettings settings, int lowClients, int backgroundClients, double reportMs, double batchMs, QosRun alone, QosRun on, QosRun off)
    {
        var text = new StringBuilder();
        text.AppendLine($"- Setup: {settings.Describe()}; {settings.HighClients} High clients (app `oltp`, half point `SELECT`, half point `UPDATE` of `accounts`, {QosLoad.Accounts:N0} rows) "
            + $"through the HTTP gateway, each its own `X-Session-Id`; {lowClients} Low clients (app `report`, a `GROUP BY` aggregate over {QosLoad.Facts:N0} rows) and "
            + $"{backgroundClients} Background clients (app `batch`, `UPDATE` of {QosLoad.BatchRows:N0} rows), closed loops with 100 ms back-off after a refusal.");
        text.AppendLine($"- Capacity (alone, quiet engine): report {Fixed(reportMs, 1)} ms, batch {Fixed(batchMs, 1)} ms → {settings.Slots} slots serve about "
            + $"{Fixed(settings.Slots * 1000 / reportMs, 1)} reports/s or {Fixed(settings.Slots * 1000 / batchMs, 1)} batches/s; the load keeps {lowClients + backgroundClients} statements outstanding = {settings.LoadFactor} × the slots.");
        var goalP99 = on.P99Ratio(alone) <= 1.5;
        var goalRejected = on.High.Rejected == 0 && on.High.Failed == 0;
        var goalLow = on.Low.Ok > 0;
        text.AppendLine($"- Goal with tiers on: High p99 ≤ 1.5 × alone: **{(goalP99 ? "met" : "missed")}** (× {Fixed(on.P99Ratio(alone), 2)}); "
            + $"0 High rejections: **{(goalRejected ? "met" : "missed")}** ({on.High.Rejected} rejected, {on.High.Failed} failed); Low progressing: **{(goalLow ? "yes" : "no")}** ({on.Rate(on.Low)}/s).");
        foreach (var run in new[] { alone, on, off })
        {
            if (run.Probe is not null)
            {
                text.AppendLine($"- {run.Name}, {run.Probe}.");
            }
        }

        text.AppendLine($"- Tiers off: High p99 × {Fixed(off.P99Ratio(alone), 2)} of alone ({Fixed(off.HighLatencies.Ms(99) / on.HighLatencies.Ms(99), 2)} × the tiers-on p99), "
            + $"{off.High.Rejected} rejected, {off.High.Failed} failed.");
        return text.ToString();
    }

    private string Rate(QosTally tally) => Fixed(Seconds > 0 ? tally.Ok / Seconds : 0, 1);
}
