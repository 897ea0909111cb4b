using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Once the host (and so the silo) has started, activates the <see cref="IEngineGrain"/> of every configured engine, so
/// each one starts probing without waiting for a first call; their timers keep them awake. Outside a silo (no
/// <see cref="IGrainFactory"/>) it does nothing. A grain that cannot activate is logged; the next call retries it.
/// </summary>
internal sealed partial class EngineHealthStartup(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IOptions<EngineRegistryOptions> engines,
    ILogger<EngineHealthStartup> logger) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() => _ = ActivateAllAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        return Task.CompletedTask;
    }

    private async Task ActivateAllAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IGrainFactory>() is not { } grains)
        {
            return;
        }

        await Task.WhenAll(engines.Value.Engines.Select(async engine =>
        {
            try
            {
                await grains.GetGrain<IEngineGrain>(engine.Id).GetStatusAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogActivationFailed(e, engine.Id);
            }
        })).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = EventIds.EngineActivationFailed, Level = LogLevel.Warning, Message = "Engine health watch could not start engine={EngineId}")]
    private partial void LogActivationFailed(Exception exception, string engineId);
}
