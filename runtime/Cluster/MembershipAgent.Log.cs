using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Cluster;

public sealed partial class MembershipAgent
{
    [LoggerMessage(EventId = RuntimeEventIds.SiloJoined, Level = LogLevel.Information, Message = "Silo {Silo} joined the cluster; {ActiveCount} active silos")]
    private partial void LogJoined(SiloAddress silo, int activeCount);

    [LoggerMessage(EventId = RuntimeEventIds.SiloLeft, Level = LogLevel.Information, Message = "Silo {Silo} left the cluster")]
    private partial void LogLeft(SiloAddress silo);

    [LoggerMessage(EventId = RuntimeEventIds.MembershipChanged, Level = LogLevel.Information, Message = "Membership version {Version}: active [{Active}], dead [{Dead}]")]
    private partial void LogMembershipChanged(int version, string active, string dead);

    [LoggerMessage(EventId = RuntimeEventIds.SiloDeclaredDead, Level = LogLevel.Warning, Message = "Declared silo {Silo} dead ({Why}, {Votes} votes)")]
    private partial void LogDeclaredOtherDead(SiloAddress silo, string why, int votes);

    [LoggerMessage(EventId = RuntimeEventIds.SelfDeclaredDead, Level = LogLevel.Critical, Message = "This silo {Silo} was declared dead by the cluster; stopping")]
    private partial void LogDeclaredDead(SiloAddress silo);

    [LoggerMessage(EventId = RuntimeEventIds.ProbesMissed, Level = LogLevel.Warning, Message = "Silo {Silo} missed {Missed} probes in a row")]
    private partial void LogProbesMissed(SiloAddress silo, int missed);

    [LoggerMessage(EventId = RuntimeEventIds.HeartbeatsStale, Level = LogLevel.Warning, Message = "Silo {Silo} wrote no heartbeat for {Silence}")]
    private partial void LogHeartbeatsStale(SiloAddress silo, TimeSpan silence);

    [LoggerMessage(EventId = RuntimeEventIds.MembershipTableFailed, Level = LogLevel.Warning, Message = "The membership table could not be read or written; retrying")]
    private partial void LogTableFailed(Exception exception);
}
