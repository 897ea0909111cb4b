using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>Log lines of replication groups spread over silos.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = EventIds.ClusterMemberStarted, Level = LogLevel.Information,
        Message = "Member {Member} of replication group {Group} started on this silo, port {Port}")]
    public static partial void MemberStarted(ILogger logger, string member, string group, int port);

    [LoggerMessage(EventId = EventIds.ClusterMemberFenced, Level = LogLevel.Warning,
        Message = "Member {Member} of replication group {Group} fenced on this silo (stopped at once, its processes killed)")]
    public static partial void MemberFenced(ILogger logger, string member, string group);

    [LoggerMessage(EventId = EventIds.ClusterFolderSetAside, Level = LogLevel.Warning,
        Message = "Member folder {Folder} is not this silo's in the group's layout (fenced or moved to another silo): moved aside to {Target}, not started")]
    public static partial void FolderSetAside(ILogger logger, string folder, string target);

    [LoggerMessage(EventId = EventIds.ClusterGroupCreated, Level = LogLevel.Information,
        Message = "Replication group {Group} created over silos: primary {Primary}; members {Members}")]
    public static partial void GroupCreated(ILogger logger, string group, string primary, string members);

    [LoggerMessage(EventId = EventIds.ClusterMemberLost, Level = LogLevel.Warning,
        Message = "Member {Member} of replication group {Group} is lost with its silo {Silo} (declared dead); it will be rebuilt on another silo")]
    public static partial void MemberLost(ILogger logger, string member, string group, string silo);

    [LoggerMessage(EventId = EventIds.ClusterMemberRebuilt, Level = LogLevel.Information,
        Message = "Member {Member} of replication group {Group} rebuilt as a standby of {Primary} on silo {Silo}, port {Port}, in {ElapsedMs} ms")]
    public static partial void MemberRebuilt(ILogger logger, string member, string group, string primary, string silo, int port, double elapsedMs);

    [LoggerMessage(EventId = EventIds.ClusterPromoted, Level = LogLevel.Warning,
        Message = "Replication group {Group} promoted {Primary} in place of {Previous} (epoch {Epoch}) in {ElapsedMs} ms")]
    public static partial void Promoted(ILogger logger, string group, string primary, string previous, long epoch, double elapsedMs);

    [LoggerMessage(EventId = EventIds.ClusterWatchFailed, Level = LogLevel.Warning,
        Message = "Replication group {Group}: a step of its watch failed and is tried again at the next tick")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string group);

    [LoggerMessage(EventId = EventIds.ClusterFenceSkipped, Level = LogLevel.Warning,
        Message = "Replication group {Group}: the old primary {Member} on silo {Silo} could not be stopped ({Reason}); its standbys were cut off from it instead, so it acknowledges nothing more")]
    public static partial void FenceSkipped(ILogger logger, string group, string member, string silo, string reason);

    [LoggerMessage(EventId = EventIds.ClusterLayoutRefreshFailed, Level = LogLevel.Debug,
        Message = "Replication group {Group}: reading its layout from its grain failed; the last one read is kept")]
    public static partial void LayoutRefreshFailed(ILogger logger, Exception exception, string group);
}
