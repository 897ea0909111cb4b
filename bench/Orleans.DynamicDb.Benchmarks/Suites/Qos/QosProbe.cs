using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Benchmarks.Harness;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Suites.Qos;

/// <summary>
/// What the silo saw during one run of the <c>qos</c> part (where High's latency comes from): High's mean time on the
/// engine (admitted → released) and in the admission queue, from <c>/metrics</c> sums and counts diffed over the run,
/// and the adaptive limit of Low and Background sampled from <c>GET /v1/admin/tiers</c> once a second.
/// </summary>
internal sealed class QosProbe
{
    private readonly HaSiloProcess _silo;
    private readonly List<(int Low, int Background, double RecentMs, double BaselineMs)> _samples = [];
    private (double EngineSum, double EngineCount, double WaitSum, double WaitCount) _start;
    private (double EngineSum, double EngineCount, double WaitSum, double WaitCount) _end;

    private QosProbe(HaSiloProcess silo) => _silo = silo;

    /// <summary>Starts probing: reads the counters now and samples the limits until <paramref name="stop"/>.</summary>
    public static async Task<(QosProbe Probe, Task Sampling)> StartAsync(HaSiloProcess silo, CancellationToken stop)
    {
        var probe = new QosProbe(silo);
        probe._start = await probe.CountersAsync();
        return (probe, probe.SampleAsync(stop));
    }

    public async Task StopAsync() => _end = await CountersAsync();

    /// <summary>High's mean engine time over the run, in ms.</summary>
    public double HighEngineMs => Mean(_end.EngineSum - _start.EngineSum, _end.EngineCount - _start.EngineCount);

    /// <summary>High statements that waited in the queue, and their mean wait in ms.</summary>
    public (double Count, double MeanMs) HighWaits => (_end.WaitCount - _start.WaitCount, Mean(_end.WaitSum - _start.WaitSum, _end.WaitCount - _start.WaitCount));

    public string Describe()
    {
        var (waits, waitMs) = HighWaits;
        var text = $"silo: High on the engine mean {Fixed(HighEngineMs, 2)} ms; {waits:0} High statements queued (mean wait {Fixed(waitMs, 2)} ms)";
        if (_samples.Count == 0)
        {
            return text;
        }

        var low = _samples.Select(s => s.Low).ToArray();
        var background = _samples.Select(s => s.Background).ToArray();
        return text + $"; Low+Background limit min {low.Min()} / mean {Fixed(low.Average(), 1)} / max {low.Max()}, Background limit mean {Fixed(background.Average(), 1)} "
            + $"({_samples.Count} samples); High interval mean last {Fixed(_samples[^1].RecentMs, 2)} ms against baseline {Fixed(_samples[^1].BaselineMs, 2)} ms";
    }

    private static double Mean(double sum, double count) => count > 0 ? sum * 1000 / count : 0;

    private async Task SampleAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                using var document = JsonDocument.Parse(await HaSiloProcess.GetOkAsync(_silo.Admin, "/v1/admin/tiers?engine=" + QosSilo.Engine));
                foreach (var engine in document.RootElement.GetProperty("engines").EnumerateArray())
                {
                    var tiers = engine.GetProperty("tiers");
                    _samples.Add((tiers[2].GetProperty("limit").GetInt32(), tiers[3].GetProperty("limit").GetInt32(),
                        engine.GetProperty("high_recent_ms").GetDouble(), engine.GetProperty("high_baseline_ms").GetDouble()));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    private async Task<(double, double, double, double)> CountersAsync()
    {
        var text = await HaSiloProcess.GetOkAsync(_silo.Admin, "/metrics");
        return (Sum(text, "dyndb_tier_statement_seconds_sum"), Sum(text, "dyndb_tier_statement_seconds_count"),
            Sum(text, "dyndb_tier_queue_wait_seconds_sum"), Sum(text, "dyndb_tier_queue_wait_seconds_count"));
    }

    /// <summary>The sum of the samples of <paramref name="name"/> tagged <c>tier="High"</c> in a Prometheus text scrape.</summary>
    private static double Sum(string scrape, string name) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains("tier=\"High\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
}
