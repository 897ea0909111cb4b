using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>The registered replication group's structured log lines (one per change an operator would ask about).</summary>
internal static partial class RegisteredGroupLog
{
    [LoggerMessage(EventId = EventIds.RegisteredGroupStarted, Level = LogLevel.Information,
        Message = "Registered replication group {Group} is up at epoch {Epoch}: primary {Primary}, synchronous_standby_names '{SynchronousStandbyNames}', standbys streaming {Standbys}, fenced {Fenced}")]
    public static partial void Started(ILogger logger, string group, long epoch, string primary, string synchronousStandbyNames, string standbys, string fenced);

    [LoggerMessage(EventId = EventIds.RegisteredGroupFenceDecided, Level = LogLevel.Warning,
        Message = "Registered replication group {Group} fenced its primary {Member} (never routed to again; needs a rebuild by its operator); promoting {Target}")]
    public static partial void FenceDecided(ILogger logger, string group, string member, string target);

    [LoggerMessage(EventId = EventIds.RegisteredGroupFenceUnanswered, Level = LogLevel.Warning,
        Message = "Fenced member {Member} of registered group {Group} could not be made read-only within {BoundMs} ms ({Reason}); it stays fenced in the layout")]
    public static partial void FenceUnanswered(ILogger logger, string member, string group, double boundMs, string reason);

    [LoggerMessage(EventId = EventIds.RegisteredGroupPromoted, Level = LogLevel.Warning,
        Message = "Registered replication group {Group} promoted {Primary} with pg_promote() (was {PreviousPrimary}) at epoch {Epoch}, WAL reach {Lsn}, in {ElapsedMs} ms")]
    public static partial void Promoted(ILogger logger, string group, string primary, string previousPrimary, long epoch, long lsn, double elapsedMs);

    [LoggerMessage(EventId = EventIds.RegisteredGroupRepointed, Level = LogLevel.Information,
        Message = "Standby {Member} of registered group {Group} repointed at {Primary} ({Host}:{Port}) with ALTER SYSTEM SET primary_conninfo")]
    public static partial void Repointed(ILogger logger, string member, string group, string primary, string host, int port);

    [LoggerMessage(EventId = EventIds.RegisteredGroupRepointFailed, Level = LogLevel.Warning,
        Message = "Standby {Member} of registered group {Group} could not be repointed at {Primary}: {Reason}")]
    public static partial void RepointFailed(ILogger logger, string member, string group, string primary, string reason);

    [LoggerMessage(EventId = EventIds.RegisteredGroupMemberRejoined, Level = LogLevel.Warning,
        Message = "Fenced member {Member} of registered group {Group} streams from the primary {Primary} again (rebuilt by its operator): it is a standby from now on")]
    public static partial void Rejoined(ILogger logger, string member, string group, string primary);

    [LoggerMessage(EventId = EventIds.RegisteredGroupPendingResumed, Level = LogLevel.Warning,
        Message = "Registered replication group {Group} was interrupted during: {Pending}; resuming it")]
    public static partial void PendingResumed(ILogger logger, string group, string pending);

    [LoggerMessage(EventId = EventIds.RegisteredGroupPrimaryChanged, Level = LogLevel.Warning,
        Message = "Registered replication group {Group} found {Primary} as its primary where the layout said {Recorded}; epoch {Epoch}")]
    public static partial void PrimaryChanged(ILogger logger, string group, string primary, string recorded, long epoch);

    [LoggerMessage(EventId = EventIds.RegisteredGroupStandbyNotStreaming, Level = LogLevel.Warning,
        Message = "Standby {Member} of registered group {Group} did not stream from {Primary} within {TimeoutMs} ms after the promotion")]
    public static partial void StandbyNotStreaming(ILogger logger, string member, string group, string primary, double timeoutMs);
}
