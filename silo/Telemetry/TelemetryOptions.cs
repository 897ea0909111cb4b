namespace Orleans.DynamicDb.Silo.Telemetry;

/// <summary>
/// The silo's own telemetry: Prometheus text at <see cref="MetricsPath"/>, and OTLP export of metrics and traces when
/// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set. Section: <c>DynamicDb:Telemetry</c>.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "DynamicDb:Telemetry";

    /// <summary>The default <see cref="MetricsPath"/>: <c>/metrics</c>.</summary>
    public const string DefaultMetricsPath = "/metrics";

    /// <summary>
    /// Whether metrics and traces are collected and <see cref="MetricsPath"/> is served. Default: <c>true</c>.
    /// The endpoint has no authentication: keep the silo on a loopback or private address (see docs/telemetry.md).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The path of the Prometheus scraping endpoint; it starts with '/'. Default: <c>/metrics</c>.</summary>
    public string MetricsPath { get; set; } = DefaultMetricsPath;

    /// <summary>The setting's full name as written in configuration.</summary>
    internal static string Setting(string name) => $"{SectionName}:{name}";
}
