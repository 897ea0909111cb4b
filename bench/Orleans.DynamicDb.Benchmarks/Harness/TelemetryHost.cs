using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Orleans.DynamicDb.Silo.Telemetry;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// A host that runs only the product's telemetry registration (<see cref="TelemetryServiceCollectionExtensions.AddDynamicDbTelemetry"/>:
/// OpenTelemetry tracing of the product's and Orleans' activity sources, metrics of Orleans' and the product's meters),
/// so its process-wide listeners see every call of the benchmark's silos and clients, as they would in a silo process.
/// <c>DYNDB_BENCH_TELEMETRY_ROOTS=off</c> adds a sampler that records no root span (<c>ParentBased(AlwaysOff)</c>): a
/// diagnostic of what tracing costs when only spans under an existing trace are kept (no call here has a parent).
/// </summary>
internal static class TelemetryHost
{
    /// <summary>Whether <c>DYNDB_BENCH_TELEMETRY_ROOTS=off</c> is set.</summary>
    public static bool RootsOff => Environment.GetEnvironmentVariable("DYNDB_BENCH_TELEMETRY_ROOTS") == "off";

    public static async Task<IHost> StartAsync()
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices((context, services) =>
            {
                services.AddDynamicDbTelemetry(context.Configuration);
                if (RootsOff)
                {
                    services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new ParentBasedSampler(new AlwaysOffSampler())));
                }
            })
            .Build();
        await host.StartAsync();
        return host;
    }
}
