using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.DynamicDb.Silo.SiloInfo;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>
/// Brackets the silo's life in the log: names the data directory before anything starts, records the start in
/// <see cref="ISiloInfoGrain"/> once everything has started (a start that cannot be stored fails the host), and
/// says when the host stops.
/// </summary>
internal sealed partial class SiloHostLifecycle(
    IOptions<DynamicDbOptions> options,
    IClusterClient client,
    ILogger<SiloHostLifecycle> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        LogDataDirectory(options.Value.DataDirectory);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var history = await client.GetGrain<ISiloInfoGrain>(ISiloInfoGrain.LocalKey)
            .RecordStartAsync()
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        LogSiloReady(history.Starts, history.FirstStartedAt);
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        LogStopping();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        LogStopped();
        return Task.CompletedTask;
    }
}
