using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>The log lines every membership table writes (event ids 1200–1209).</summary>
internal static partial class MembershipTableLog
{
    [LoggerMessage(EventId = ClusteringEventIds.MembershipTableInitialized, Level = LogLevel.Information,
        Message = "Membership table of cluster {ClusterId} initialised in {Store} at version 0")]
    public static partial void Initialized(ILogger logger, string clusterId, string store);

    [LoggerMessage(EventId = ClusteringEventIds.MembershipRowWritten, Level = LogLevel.Information,
        Message = "Membership of cluster {ClusterId}: silo {Silo} is {Status} (table version {Version})")]
    public static partial void RowWritten(ILogger logger, string clusterId, SiloAddress silo, SiloStatus status, int version);

    [LoggerMessage(EventId = ClusteringEventIds.MembershipWriteConflict, Level = LogLevel.Debug,
        Message = "Membership {Operation} of silo {Silo} in cluster {ClusterId} lost: the row or the table changed since version {ReadVersion} was read")]
    public static partial void WriteConflict(ILogger logger, string operation, SiloAddress silo, string clusterId, int readVersion);

    [LoggerMessage(EventId = ClusteringEventIds.DefunctEntriesRemoved, Level = LogLevel.Information,
        Message = "Removed {Count} defunct membership rows of cluster {ClusterId} (no sign of life since before {BeforeDate:o})")]
    public static partial void DefunctRemoved(ILogger logger, int count, string clusterId, DateTimeOffset beforeDate);

    [LoggerMessage(EventId = ClusteringEventIds.ClusterEntriesDeleted, Level = LogLevel.Warning,
        Message = "Deleted the whole membership table of cluster {ClusterId} from {Store}")]
    public static partial void ClusterDeleted(ILogger logger, string clusterId, string store);

    /// <summary>Logs the outcome of a versioned write and passes it on.</summary>
    public static bool Written(ILogger logger, string clusterId, string operation, MembershipEntry entry, TableVersion tableVersion, bool written)
    {
        if (written)
        {
            RowWritten(logger, clusterId, entry.SiloAddress, entry.Status, tableVersion.Version);
        }
        else
        {
            WriteConflict(logger, operation, entry.SiloAddress, clusterId, tableVersion.Version - 1);
        }

        return written;
    }
}
