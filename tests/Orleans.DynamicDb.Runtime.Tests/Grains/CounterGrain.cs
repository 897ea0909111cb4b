using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>A plain grain; logs its activations and deactivations under its key.</summary>
public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private int _count;

    public CounterGrain() => Probe.Log(this.GetPrimaryKeyString(), "constructed");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.Log(this.GetPrimaryKeyString(), "activated");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Log(this.GetPrimaryKeyString(), $"deactivated:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task<int> Increment() => Task.FromResult(++_count);

    public Task<int> Get() => Task.FromResult(_count);

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public Task<string> GetKey() => Task.FromResult(this.GetPrimaryKeyString());

    public Task Ping() => Task.CompletedTask;

    public ValueTask<int> GetValueTask() => ValueTask.FromResult(_count);

    public ValueTask PingValueTask() => ValueTask.CompletedTask;

    public async Task Fail(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task FailSynchronously(string message) => throw new ArgumentException(message, nameof(message));

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public Task<Guid> GetKey() => Task.FromResult(this.GetPrimaryKey());
}

public sealed class IntegerKeyGrain : Grain, IIntegerKeyGrain
{
    public Task<long> GetKey() => Task.FromResult(this.GetPrimaryKeyLong());
}
