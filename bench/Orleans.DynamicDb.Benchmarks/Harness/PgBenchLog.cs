using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Transaction latencies from pgbench's per-transaction logs (<c>--log</c>): one line per transaction,
/// <c>client_id transaction_no time script_no time_epoch time_us [...]</c>, where <c>time</c> is the transaction's
/// latency in microseconds, or <c>failed</c>/<c>skipped</c> for a transaction that did not complete (not counted).
/// </summary>
internal static class PgBenchLog
{
    /// <summary>The latencies (µs) of the completed transactions in <paramref name="lines"/>; lines of another shape are skipped.</summary>
    public static List<long> Latencies(IEnumerable<string> lines)
    {
        var latencies = new List<long>();
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 6 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds))
            {
                latencies.Add(microseconds);
            }
        }

        return latencies;
    }

    /// <summary>The latencies of every log file starting with <paramref name="prefix"/> (one per pgbench thread).</summary>
    public static List<long> Read(string prefix)
    {
        var directory = Path.GetDirectoryName(prefix)!;
        var name = Path.GetFileName(prefix);
        return [.. Directory.EnumerateFiles(directory, name + ".*").SelectMany(file => Latencies(File.ReadLines(file)))];
    }

    /// <summary>The nearest-rank percentile of <paramref name="microseconds"/> in milliseconds; null when there are none.</summary>
    public static double? PercentileMs(List<long> microseconds, double percent)
    {
        if (microseconds.Count == 0)
        {
            return null;
        }

        var sorted = microseconds.ToArray();
        Array.Sort(sorted);
        return Stats.Percentile(sorted, percent) / 1000.0;
    }
}
