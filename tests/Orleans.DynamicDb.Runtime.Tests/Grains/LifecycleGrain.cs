using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>Keys starting with "fail-once" fail their first activation.</summary>
[CollectionAgeLimit(Seconds = 10)]
public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    private readonly Guid _id = Guid.NewGuid();

    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.Log(Key, "activating");
        if (Key.StartsWith("fail-once", StringComparison.Ordinal) && Probe.Count(Key, "activating") == 1)
        {
            throw new InvalidOperationException($"Activation of {Key} failed on purpose.");
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Log(Key, $"deactivated:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task<Guid> GetActivationId() => Task.FromResult(_id);

    public async Task Hold(string name, string gate)
    {
        Probe.Log(Key, $"{name}:start");
        await Probe.Gate(gate);
        Probe.Log(Key, $"{name}:end");
    }

    public Task StartTimer(TimeSpan dueTime, TimeSpan period, bool interleave, bool keepAlive)
    {
        RegisterGrainTimer(
            _ =>
            {
                Probe.Log(Key, "tick");
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(dueTime, period) { Interleave = interleave, KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task KeepAliveFor(TimeSpan time)
    {
        DelayDeactivation(time);
        return Task.CompletedTask;
    }

    public async Task<string> WaitForCancellation(CancellationToken cancellationToken)
    {
        try
        {
            Probe.Log(Key, "waiting");
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "not cancelled";
        }
        catch (OperationCanceledException)
        {
            Probe.Log(Key, "cancelled");
            throw;
        }
    }

    public Task HoldWithShortTimeout(string gate) => Probe.Gate(gate);

    public Task HoldWithDefaultTimeout(string gate) => Probe.Gate(gate);

    public Task RegisterReminderWithoutBeingRemindable() => RegisterOrUpdateReminder("r", TimeSpan.Zero, TimeSpan.FromMinutes(1));
}
