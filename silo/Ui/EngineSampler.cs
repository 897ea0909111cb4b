using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>
/// Every <see cref="UiOptions.SampleInterval"/>, reads each engine's status from its grain (and the members of a
/// replication group) into <see cref="EngineHistory"/>. Reading a status runs no probe and wakes no database. A failed
/// round (the silo still starting, a grain busy) is logged at debug level and the next round tries again.
/// </summary>
internal sealed partial class EngineSampler(
    IEngineRegistry registry,
    IGrainFactory grains,
    EngineHistory history,
    IOptions<UiOptions> options,
    TimeProvider time,
    ILogger<EngineSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            foreach (var engine in registry.Engines)
            {
                try
                {
                    await SampleAsync(engine, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSampleFailed(logger, engine.Id, e.Message);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task SampleAsync(IDatabaseEngine engine, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IEngineGrain>(engine.Id);
        var status = await grain.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        Add(status);
        if (engine.Kind == EngineKinds.PostgresHa)
        {
            foreach (var member in await grain.GetMembersAsync(cancellationToken).ConfigureAwait(false))
            {
                Add(member);
            }
        }
    }

    private void Add(EngineStatus status) => history.Add(
        status.Id,
        new EngineSample(time.GetUtcNow(), status.State.ToString(), status.Circuit.ToString(), status.LatencyP50Ms, status.LatencyP99Ms, status.ErrorRate));

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = Hosting.SiloEventIds.UiSampleFailed, Level = LogLevel.Debug,
        Message = "Dashboard: sampling the status of engine {EngineId} failed, the next round tries again: {Error}")]
    private static partial void LogSampleFailed(ILogger logger, string engineId, string error);
}
