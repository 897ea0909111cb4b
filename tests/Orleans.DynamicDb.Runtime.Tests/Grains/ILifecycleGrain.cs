namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>Activation, deactivation, timers, timeouts and cancellation, observed through <c>Probe</c> logs keyed by the grain key.</summary>
public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<Guid> GetActivationId();

    Task Hold(string name, string gate);

    Task StartTimer(TimeSpan dueTime, TimeSpan period, bool interleave, bool keepAlive);

    Task KeepAliveFor(TimeSpan time);

    Task<string> WaitForCancellation(CancellationToken cancellationToken);

    [ResponseTimeout("00:00:00.300")]
    Task HoldWithShortTimeout(string gate);

    Task HoldWithDefaultTimeout(string gate);

    /// <summary>Tries to register a reminder although this grain is not IRemindable.</summary>
    Task RegisterReminderWithoutBeingRemindable();
}
