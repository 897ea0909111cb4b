using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Orleans.DynamicDb.Silo.Telemetry;

/// <summary>The Prometheus scraping endpoint (<c>DynamicDb:Telemetry:MetricsPath</c>, default <c>/metrics</c>).</summary>
public static class TelemetryEndpoints
{
    /// <summary>
    /// Maps the scraping endpoint when telemetry is enabled. It answers without authentication: the series carry engine
    /// ids, constructs and reasons, never SQL text, arguments, app keys or rows, but bind the silo to loopback or a
    /// private network all the same.
    /// </summary>
    public static IEndpointRouteBuilder MapDynamicDbMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Enabled)
        {
            endpoints.MapPrometheusScrapingEndpoint(options.MetricsPath).AllowAnonymous();
        }

        return endpoints;
    }
}
