using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>The replication group's structured log lines (one per state change an operator would ask about).</summary>
internal static partial class ReplicationGroupLog
{
    [LoggerMessage(EventId = EventIds.GroupStarted, Level = LogLevel.Information,
        Message = "Replication group {Group} is up at epoch {Epoch}: primary {Primary}, synchronous_standby_names '{SynchronousStandbyNames}', in {ElapsedMs} ms")]
    public static partial void GroupStarted(ILogger logger, string group, long epoch, string primary, string synchronousStandbyNames, double elapsedMs);

    [LoggerMessage(EventId = EventIds.GroupStopped, Level = LogLevel.Information,
        Message = "Replication group {Group} stopped {Count} members in {ElapsedMs} ms")]
    public static partial void GroupStopped(ILogger logger, string group, int count, double elapsedMs);

    [LoggerMessage(EventId = EventIds.GroupMemberStarted, Level = LogLevel.Information,
        Message = "Started member {Member} ({Role}) of replication group {Group} on port {Port} in {ElapsedMs} ms")]
    public static partial void MemberStarted(ILogger logger, string member, MemberRole role, string group, int port, double elapsedMs);

    [LoggerMessage(EventId = EventIds.GroupMemberStopped, Level = LogLevel.Information,
        Message = "Stopped member {Member} of replication group {Group} (port {Port})")]
    public static partial void MemberStopped(ILogger logger, string member, string group, int port);

    [LoggerMessage(EventId = EventIds.GroupMemberFenced, Level = LogLevel.Warning,
        Message = "Fenced member {Member} of replication group {Group}: stopped and never routed to until rebuilt (was running: {WasRunning}) in {ElapsedMs} ms")]
    public static partial void MemberFenced(ILogger logger, string member, string group, bool wasRunning, double elapsedMs);

    [LoggerMessage(EventId = EventIds.GroupPromoted, Level = LogLevel.Warning,
        Message = "Replication group {Group} promoted {Primary} (was {PreviousPrimary}) at epoch {Epoch}, WAL reach {Lsn}, in {ElapsedMs} ms")]
    public static partial void Promoted(ILogger logger, string group, string primary, string previousPrimary, long epoch, long lsn, double elapsedMs);

    [LoggerMessage(EventId = EventIds.GroupStandbyRepointed, Level = LogLevel.Information,
        Message = "Standby {Member} of replication group {Group} now streams from {Primary}")]
    public static partial void StandbyRepointed(ILogger logger, string member, string group, string primary);

    [LoggerMessage(EventId = EventIds.GroupMemberRebuilt, Level = LogLevel.Information,
        Message = "Rebuilt member {Member} of replication group {Group} as a standby of {Primary} with {Method} in {ElapsedMs} ms")]
    public static partial void MemberRebuilt(ILogger logger, string member, string group, string primary, string method, double elapsedMs);

    [LoggerMessage(EventId = EventIds.GroupRewindFailed, Level = LogLevel.Warning,
        Message = "pg_rewind of member {Member} of replication group {Group} failed ({Output}); taking a fresh base backup instead")]
    public static partial void RewindFailed(ILogger logger, string member, string group, string output);

    [LoggerMessage(EventId = EventIds.GroupPendingResumed, Level = LogLevel.Warning,
        Message = "Replication group {Group} was interrupted during: {Pending}; resuming it")]
    public static partial void PendingResumed(ILogger logger, string group, string pending);

    [LoggerMessage(EventId = EventIds.HaSwitchedOver, Level = LogLevel.Warning,
        Message = "Replication group {Group} switched over to {Primary} (was {PreviousPrimary}) at epoch {Epoch}, commits acknowledged {Acknowledged}: statements held {HeldMs} ms (drain {DrainMs}, catch-up {CatchUpMs}, fence {FenceMs}, promote {PromoteMs}, sync standby {SyncStandbyMs} ms)")]
    public static partial void SwitchedOver(ILogger logger, string group, string primary, string previousPrimary, long epoch, bool acknowledged,
        double heldMs, double drainMs, double catchUpMs, double fenceMs, double promoteMs, double syncStandbyMs);

    [LoggerMessage(EventId = EventIds.HaSwitchoverRepointFailed, Level = LogLevel.Warning,
        Message = "Replication group {Group} could not point standbys {Standbys} back at {Primary} after an aborted switchover")]
    public static partial void RepointBackFailed(ILogger logger, Exception exception, string group, string standbys, string primary);

    [LoggerMessage(EventId = EventIds.GroupMemberAdded, Level = LogLevel.Information,
        Message = "Replication group {Group} added member {Member} (weight {Weight}, port {Port}) as a synchronous standby of {Primary}: {SynchronousStandbyNames} in {ElapsedMs} ms")]
    public static partial void MemberAdded(ILogger logger, string group, string member, double weight, int port, string primary, string synchronousStandbyNames, double elapsedMs);

    [LoggerMessage(EventId = EventIds.GroupMemberRemoved, Level = LogLevel.Information,
        Message = "Replication group {Group} removed standby {Member} (port {Port} free): synchronous_standby_names '{SynchronousStandbyNames}', data moved to '{MovedTo}', in {ElapsedMs} ms")]
    public static partial void MemberRemoved(ILogger logger, string group, string member, int port, string synchronousStandbyNames, string movedTo, double elapsedMs);
}
