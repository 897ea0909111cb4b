using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.Cluster;
using Orleans.DynamicDb.Runtime.Reminders;

namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>
/// The silo as a hosted service: starts the grain runtime and the reminder service; on stop, stops reminders,
/// stops taking calls, lets running turns finish and deactivates every activation.
/// </summary>
internal sealed partial class Silo(GrainRuntime runtime, ReminderService reminders, ClusterSilo cluster, ILogger<Silo> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        runtime.Start();
        await reminders.StartAsync(cancellationToken).ConfigureAwait(false);
        LogStarted(runtime.Types.Classes.Count(), reminders.IsEnabled);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await cluster.BeginStopAsync(cancellationToken).ConfigureAwait(false);
        await reminders.StopAsync().ConfigureAwait(false);
        await runtime.StopAsync(cancellationToken).ConfigureAwait(false);
        await cluster.StopAsync(cancellationToken).ConfigureAwait(false);
        LogStopped();
    }

    /// <summary>Stops like a crashed process (tests): the cluster side drops off the network, nothing is deactivated.</summary>
    internal async ValueTask KillAsync()
    {
        runtime.Abandon();
        await reminders.StopAsync().ConfigureAwait(false);
        await cluster.KillAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = RuntimeEventIds.SiloStarted, Level = LogLevel.Information, Message = "Silo started: {GrainClassCount} grain classes, reminders {RemindersEnabled}")]
    private partial void LogStarted(int grainClassCount, bool remindersEnabled);

    [LoggerMessage(EventId = RuntimeEventIds.SiloStopped, Level = LogLevel.Information, Message = "Silo stopped")]
    private partial void LogStopped();
}
