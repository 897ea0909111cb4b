using System.Globalization;
using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

/// <summary>A scrape of <c>/metrics</c>: the sample lines of the Prometheus text format, with their labels and values.</summary>
internal sealed class PrometheusText(string body)
{
    public string Body { get; } = body;

    /// <summary>The sample lines (not comments) of the series <paramref name="name"/> (exactly that name, any labels).</summary>
    public IReadOnlyList<string> Samples(string name) =>
        [.. Body.Split('\n').Where(line => !line.StartsWith('#') && (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)))];

    /// <summary>The sum of the values of the samples of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/> (e.g. <c>construct="attach"</c>).</summary>
    public double Sum(string name, params string[] labels) =>
        Samples(name).Where(line => labels.All(l => line.Contains(l, StringComparison.Ordinal))).Sum(Value);

    /// <summary>Scrapes <paramref name="path"/> of <paramref name="silo"/> without credentials.</summary>
    public static async Task<PrometheusText> ScrapeAsync(GatewaySilo silo, string path = "/metrics")
    {
        var response = await silo.WithApiKey(null).GetAsync(path);
        Assert.True(response.Status == HttpStatusCode.OK, $"GET {path} answered {(int)response.Status}: {response.Body}");
        Assert.Equal("text/plain", response.MediaType);
        return new PrometheusText(response.Body);
    }

    /// <summary>
    /// Scrapes until <paramref name="condition"/> holds or 20 seconds pass (the exporter caches a scrape briefly), and
    /// returns the last scrape.
    /// </summary>
    public static async Task<PrometheusText> ScrapeUntilAsync(GatewaySilo silo, Func<PrometheusText, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var scrape = await ScrapeAsync(silo);
            if (condition(scrape) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(100); // polling interval of a condition with a deadline, not synchronisation
        }
    }

    /// <summary>The value of a sample line: <c>name{labels} value [timestamp]</c> or <c>name value [timestamp]</c>.</summary>
    private static double Value(string line)
    {
        var afterName = line.Contains('}') ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ')..];
        return double.Parse(afterName.Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
