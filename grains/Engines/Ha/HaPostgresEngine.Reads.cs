using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Engines.Ha.Reads;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Tier routing of autocommit reads to hot standbys (docs/tiers.md, "Routing to standbys").</summary>
public sealed partial class HaPostgresEngine
{
    private TierReads? _reads;

    /// <summary>The engine's tier routing; null when it is off (every statement runs on the primary).</summary>
    internal TierReads? Reads => Volatile.Read(ref _reads);

    /// <summary>
    /// Turns on tier routing with <paramref name="options"/> (nothing when <see cref="TierRoutingOptions.Enabled"/> is
    /// false); call before <see cref="StartAsync"/>, which starts the lag poll. <see cref="HaEngineStartup"/> calls it with
    /// the silo's <c>DynamicDb:Tiers:Routing</c> settings.
    /// </summary>
    public void UseTierRouting(TierRoutingOptions options, TierRoutingMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || _reads is not null)
        {
            return;
        }

        var reads = new TierReads(Group, options, _time, _loggers.CreateLogger<TierReads>(), metrics);
        Volatile.Write(ref _reads, reads);
        if (IsStarted)
        {
            reads.Start();
        }
    }

    /// <summary>Stops the lag poll and forgets what it measured.</summary>
    private async Task StopReadsAsync()
    {
        if (Interlocked.Exchange(ref _reads, null) is { } reads)
        {
            await reads.DisposeAsync().ConfigureAwait(false);
        }
    }
}
