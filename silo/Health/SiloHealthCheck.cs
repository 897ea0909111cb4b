using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.SiloInfo;

namespace Orleans.DynamicDb.Silo.Health;

/// <summary>
/// Readiness: the host has started (so has the silo) and is not stopping, and the grain runtime answers a real grain
/// call to <see cref="ISiloInfoGrain"/> within <see cref="DynamicDbOptions.ReadinessTimeout"/>.
/// </summary>
internal sealed partial class SiloHealthCheck(
    IHostApplicationLifetime lifetime,
    IClusterClient client,
    IOptions<DynamicDbOptions> options,
    ILogger<SiloHealthCheck> logger) : IHealthCheck
{
    public const string Name = "silo";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo is shutting down.");
        }

        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo has not started yet.");
        }

        var timeout = options.Value.ReadinessTimeout;
        try
        {
            var history = await client.GetGrain<ISiloInfoGrain>(ISiloInfoGrain.LocalKey)
                .GetAsync()
                .WaitAsync(timeout, cancellationToken)
                .ConfigureAwait(false);
            return HealthCheckResult.Healthy("The silo is running and its grains answer.", Data(history));
        }
        catch (TimeoutException)
        {
            LogReadinessCheckFailed($"no answer within {timeout}");
            return HealthCheckResult.Unhealthy($"The grain runtime did not answer within {timeout} ({DynamicDbOptions.Setting(nameof(DynamicDbOptions.ReadinessTimeout))}).");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReadinessCheckFailed(e.Message);
            return HealthCheckResult.Unhealthy($"The grain runtime failed the call: {e.Message}");
        }
    }

    private static Dictionary<string, object> Data(SiloStartHistory history)
    {
        var data = new Dictionary<string, object> { ["starts"] = history.Starts };
        if (history.FirstStartedAt is { } first)
        {
            data["firstStartedAt"] = first;
        }

        if (history.LastStartedAt is { } last)
        {
            data["lastStartedAt"] = last;
        }

        return data;
    }

    [LoggerMessage(EventId = SiloEventIds.ReadinessCheckFailed, Level = LogLevel.Warning, Message = "Readiness check failed: {Reason}")]
    private partial void LogReadinessCheckFailed(string reason);
}
