using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

[StatelessWorker(3)]
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    private readonly Guid _id = Guid.NewGuid();

    public async Task<Guid> Work(string log, string gate)
    {
        Probe.Log(log, _id.ToString());
        await Probe.Gate(gate);
        return _id;
    }

    public async Task FireAndForget(string log, string gate, bool fail)
    {
        await Probe.Gate(gate);
        Probe.Log(log, "ran");
        if (fail)
        {
            throw new InvalidOperationException("one-way failure");
        }
    }
}
