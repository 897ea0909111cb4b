using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>
/// Once the host (and so the silo) has started, sets every configured policy on its grain (configuration wins over an
/// earlier API change of the same name), which registers its reminder and starts its timer. Outside a silo (no
/// <see cref="IGrainFactory"/>) it does nothing. A policy that cannot be set is logged; its reminder, if it had one,
/// still activates it.
/// </summary>
internal sealed partial class SwitchPolicyStartup(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IOptions<SwitchPolicyOptions> options,
    ILogger<SwitchPolicyStartup> logger) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() => _ = EnsureAllAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        return Task.CompletedTask;
    }

    private async Task EnsureAllAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IGrainFactory>() is not { } grains)
        {
            return;
        }

        foreach (var (name, settings) in options.Value.Policies)
        {
            try
            {
                await grains.GetGrain<ISwitchPolicyGrain>(name).SetAsync(settings.ToPolicy(name), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogStartFailed(e, name);
            }
        }
    }

    [LoggerMessage(EventId = EventIds.PolicyStartupFailed, Level = LogLevel.Warning, Message = "Switching policy could not be started policy={Policy}")]
    private partial void LogStartFailed(Exception exception, string policy);
}
