using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Silo.Telemetry;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// A host that runs only the product's telemetry registration (<see cref="TelemetryServiceCollectionExtensions.AddDynamicDbTelemetry"/>:
/// OpenTelemetry tracing of the product's and Orleans' activity sources, metrics of Orleans' and the product's meters),
/// so its process-wide listeners see every call of the benchmark's silos and clients, as they would in a silo process.
/// </summary>
internal static class TelemetryHost
{
    public static async Task<IHost> StartAsync()
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices((context, services) => services.AddDynamicDbTelemetry(context.Configuration))
            .Build();
        await host.StartAsync();
        return host;
    }
}
