using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Reads values out of a Prometheus text scrape (the silo's <c>/metrics</c>).</summary>
internal static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="name"/> (all label sets); null when the series is absent.</summary>
    public static double? Sum(string scrape, string name)
    {
        double? sum = null;
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || (line[name.Length] != ' ' && line[name.Length] != '{'))
            {
                continue;
            }

            // name{labels} value [timestamp]: the value follows the closing brace (labels may hold spaces), or the name.
            var rest = line[name.Length] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[name.Length..];
            var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }
}
