using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Runtime.Cluster;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public sealed class LocatedGrain : Grain, ILocatedGrain, IRemindable
{
    private readonly Guid _id = Guid.NewGuid();
    private int _count;

    public LocatedGrain() => Probe.Log(this.GetPrimaryKeyString(), "constructed");

    public Task<string> WhereAmI() => Task.FromResult(ServiceProvider.GetRequiredService<LocalSiloDetails>().SiloAddress.ToParsableString());

    public Task<Guid> GetActivationId() => Task.FromResult(_id);

    public Task<int> Increment() => Task.FromResult(++_count);

    public Task Hold(string gate) => Probe.Gate(gate);

    public Task StartReminder(string name, TimeSpan period) => RegisterOrUpdateReminder(name, TimeSpan.Zero, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Probe.Log(this.GetPrimaryKeyString(), $"tick:{reminderName}@{ServiceProvider.GetRequiredService<LocalSiloDetails>().SiloAddress.ToParsableString()}");
        return Task.CompletedTask;
    }
}
