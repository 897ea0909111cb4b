using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>The log lines every grain directory writes (event ids 1250–1299).</summary>
internal static partial class GrainDirectoryLog
{
    [LoggerMessage(EventId = ClusteringEventIds.DirectorySilosUnregistered, Level = LogLevel.Information,
        Message = "Grain directory: removed {Count} entries of silos {Silos}")]
    public static partial void SilosUnregistered(ILogger logger, int count, string silos);

    [LoggerMessage(EventId = ClusteringEventIds.DirectoryEntryReplaced, Level = LogLevel.Debug,
        Message = "Grain directory: {GrainId} moved from {PreviousSilo} to {Silo}")]
    public static partial void Replaced(ILogger logger, GrainId grainId, SiloAddress previousSilo, SiloAddress silo);

    public static void SilosUnregistered(ILogger logger, int count, IReadOnlyList<SiloAddress> silos) =>
        SilosUnregistered(logger, count, string.Join(", ", silos));
}
