using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// What one <c>pgbench</c> run printed: TPS (without the initial connection time), the average latency, the
/// transactions processed and failed, and the clients that aborted. Parsed from pgbench 15's summary text.
/// </summary>
/// <param name="Tps">Transactions per second, excluding the initial connection time; null when pgbench printed none.</param>
/// <param name="LatencyAverageMs">The average transaction latency in milliseconds; null when pgbench printed none.</param>
/// <param name="Processed">Transactions processed.</param>
/// <param name="Failed">Transactions that failed (pgbench 15's "number of failed transactions").</param>
/// <param name="AbortedClients">Clients that stopped on an error ("client N script M aborted ...").</param>
/// <param name="FirstError">The first error line pgbench printed, or null.</param>
internal sealed partial record PgBenchReport(double? Tps, double? LatencyAverageMs, long Processed, long Failed, int AbortedClients, string? FirstError)
{
    /// <summary>True when the run measured something: a TPS, transactions processed, and no client aborted.</summary>
    public bool Succeeded => Tps is not null && Processed > 0 && AbortedClients == 0;

    /// <summary>Parses pgbench's standard output and error text (both may be passed together).</summary>
    public static PgBenchReport Parse(string output)
    {
        double? tps = null;
        double? latency = null;
        long processed = 0;
        long failed = 0;
        var aborted = 0;
        string? firstError = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (TpsLine().Match(line) is { Success: true } t)
            {
                tps = double.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (LatencyLine().Match(line) is { Success: true } l)
            {
                latency = double.Parse(l.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (ProcessedLine().Match(line) is { Success: true } p)
            {
                processed = long.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (FailedLine().Match(line) is { Success: true } f)
            {
                failed = long.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            if (AbortedLine().IsMatch(line))
            {
                aborted++;
            }

            if (firstError is null && (line.Contains("ERROR:", StringComparison.Ordinal) || line.Contains("FATAL:", StringComparison.Ordinal)
                || line.StartsWith("pgbench: error:", StringComparison.Ordinal)))
            {
                firstError = line;
            }
        }

        return new PgBenchReport(tps, latency, processed, failed, aborted, firstError);
    }

    // "tps = 1234.567890 (without initial connection time)"; pgbench 13 and older also printed "(excluding connections establishing)".
    [GeneratedRegex(@"^tps = ([0-9.]+) \((without initial connection time|excluding connections establishing)\)$")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^latency average = ([0-9.]+) ms$")]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"^number of transactions actually processed: ([0-9]+)")]
    private static partial Regex ProcessedLine();

    [GeneratedRegex(@"^number of failed transactions: ([0-9]+)")]
    private static partial Regex FailedLine();

    [GeneratedRegex(@"client [0-9]+ (script [0-9]+ )?aborted")]
    private static partial Regex AbortedLine();
}
