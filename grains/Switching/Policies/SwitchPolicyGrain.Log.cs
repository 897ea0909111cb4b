using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>The policy grain's log lines.</summary>
internal sealed partial class SwitchPolicyGrain
{
    [LoggerMessage(EventId = EventIds.PolicyStarted, Level = LogLevel.Information, Message = "Switching policy set policy={Policy} enabled={Enabled} trigger={TriggerType} threshold={Threshold} target={TargetEngine}")]
    private partial void LogSet(string policy, bool enabled, string triggerType, double threshold, string targetEngine);

    [LoggerMessage(EventId = EventIds.PolicyStopped, Level = LogLevel.Information, Message = "Switching policy deleted policy={Policy}")]
    private partial void LogDeleted(string policy);

    [LoggerMessage(EventId = EventIds.PolicyEvaluated, Level = LogLevel.Debug, Message = "Switching policy evaluated policy={Policy} measured={Measured} triggered={Triggered} requested={Requested}")]
    private partial void LogEvaluated(string policy, int measured, int triggered, int requested);

    [LoggerMessage(EventId = EventIds.PolicySwitchRequested, Level = LogLevel.Warning, Message = "Switching policy asked for a switch policy={Policy} database={DatabaseId} from={FromEngine} to={TargetEngine} switch={SwitchId} approval={RequireApproval}: {Reason}")]
    private partial void LogRequested(string policy, string databaseId, string fromEngine, string targetEngine, string switchId, bool requireApproval, string reason);

    [LoggerMessage(EventId = EventIds.PolicySwitchSkipped, Level = LogLevel.Information, Message = "Switching policy skipped a switch policy={Policy} database={DatabaseId} reason={Reason}: {Detail}")]
    private partial void LogSkipped(string policy, string databaseId, string reason, string detail);

    [LoggerMessage(EventId = EventIds.PolicyEvaluationFailed, Level = LogLevel.Warning, Message = "Switching policy evaluation failed policy={Policy}")]
    private partial void LogEvaluationFailed(Exception exception, string policy);
}
