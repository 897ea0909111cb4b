using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Reads the catalog's counts by status every <see cref="Period"/> for the <c>dyndb_databases</c> gauge, so a scrape
/// never waits for the catalog. A failed read is logged once per failure streak and the last counts are kept.
/// </summary>
internal sealed partial class CatalogStatusGauge(IDatabaseCatalog catalog, DatabaseMetrics metrics, TimeProvider time, ILogger<CatalogStatusGauge> logger) : BackgroundService
{
    /// <summary>How often the catalog is counted.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        var failing = false;
        do
        {
            try
            {
                metrics.CatalogCounted(await catalog.CountByStatusAsync(stoppingToken).ConfigureAwait(false));
                failing = false;
            }
            catch (DynamicDbException e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    LogCountFailed(e);
                }

                failing = true;
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

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

    [LoggerMessage(EventId = EventIds.CatalogCountFailed, Level = LogLevel.Warning, Message = "Counting the catalog's databases for dyndb_databases failed; the last counts are kept")]
    private partial void LogCountFailed(Exception exception);
}
