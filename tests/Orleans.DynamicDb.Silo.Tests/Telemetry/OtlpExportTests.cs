using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, a real silo sends its metrics and traces to that collector (and no logs).</summary>
[Collection(OtlpCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_the_otlp_endpoint_set_metrics_and_traces_reach_the_collector()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var silo = await GatewaySilo.StartAsync(
        [
            "--OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint.ToString().TrimEnd('/'),
            "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
            "--OTEL_METRIC_EXPORT_INTERVAL", "200",
            "--OTEL_BSP_SCHEDULE_DELAY", "200",
        ]);

        (await silo.Alpha.ExecAsync(TestDatabases.New("otlp"), "CREATE TABLE t (v TEXT)")).EnsureOk();

        Assert.True(await collector.FirstAsync("/v1/traces", TimeSpan.FromSeconds(30)) > 0, "An empty trace export.");
        Assert.True(await collector.FirstAsync("/v1/metrics", TimeSpan.FromSeconds(30)) > 0, "An empty metrics export.");
        Assert.False(collector.Received("/v1/logs"), "Logs were exported over OTLP; only metrics and traces should be.");
    }
}
