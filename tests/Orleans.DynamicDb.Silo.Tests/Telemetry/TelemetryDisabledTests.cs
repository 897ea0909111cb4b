using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry;

/// <summary><c>DynamicDb:Telemetry:Enabled=false</c> and a moved <c>MetricsPath</c> on a real silo (each its own silo, so alone like the OTLP test).</summary>
[Collection(OtlpCollection.Name)]
public sealed class TelemetryDisabledTests
{
    [Fact]
    public async Task With_telemetry_disabled_there_is_no_metrics_endpoint_and_the_gateway_still_answers()
    {
        await using var silo = await GatewaySilo.StartAsync(["--DynamicDb:Telemetry:Enabled", "false"]);

        (await silo.Alpha.ExecAsync(TestDatabases.New("quiet"), "CREATE TABLE t (v TEXT)")).EnsureOk();
        var metrics = await silo.WithApiKey(null).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, metrics.Status);
    }

    [Fact]
    public async Task The_metrics_path_setting_moves_the_endpoint()
    {
        await using var silo = await GatewaySilo.StartAsync(["--DynamicDb:Telemetry:MetricsPath", "/internal/prometheus"]);

        var moved = await PrometheusText.ScrapeAsync(silo, "/internal/prometheus");
        var old = await silo.WithApiKey(null).GetAsync("/metrics");

        Assert.Contains("# TYPE", moved.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, old.Status);
    }
}
