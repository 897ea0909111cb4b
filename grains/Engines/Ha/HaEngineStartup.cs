using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// Starts the replication group of every <c>postgres-ha</c> engine when the host starts (a group that cannot start fails
/// the start, naming the engine and the cause) and stops them (servers stopped, ports freed) when it stops. Points each
/// engine's failed statement tries at the health watch, when the silo has one, and turns on tier routing of reads to
/// standbys with the <c>DynamicDb:Tiers:Routing</c> settings (<see cref="Reads.TierRoutingOptions"/>) when they are registered.
/// </summary>
internal sealed class HaEngineStartup(
    IEngineRegistry registry, ILogger<HaEngineStartup> logger, Health.EngineOutcomeReporter? outcomes = null,
    Microsoft.Extensions.Options.IOptions<Reads.TierRoutingOptions>? routing = null, Reads.TierRoutingMetrics? routingMetrics = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var engine in Replicated())
        {
            if (outcomes is not null)
            {
                var id = engine.Id;
                engine.TryFailed = failure => outcomes.ReportFailedTry(id, failure);
            }

            if (routing is not null)
            {
                engine.UseTierRouting(routing.Value, routingMetrics);
            }

            try
            {
                await engine.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                HaEngineLog.StartFailed(logger, e, engine.Id);
                throw;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var engine in Replicated())
        {
            await engine.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private IEnumerable<HaPostgresEngine> Replicated() => registry.Engines.OfType<HaPostgresEngine>();
}
