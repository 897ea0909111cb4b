using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public class ConcurrencyGrain : Grain, IConcurrencyGrain
{
    private int _inside;
    private int _maxInside;

    public async Task Hold(string log, string name, string gate)
    {
        Probe.Log(log, $"{name}:start");
        await Probe.Gate(gate);
        Probe.Log(log, $"{name}:end");
    }

    public Task HoldReadOnly(string log, string name, string gate) => Hold(log, name, gate);

    public Task<string> Interleaved(string log, string name)
    {
        Probe.Log(log, $"{name}:run");
        return Task.FromResult(name);
    }

    public async Task<int> MeasureOverlap()
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(2);
        }

        _inside--;
        return _maxInside;
    }
}

[Reentrant]
public sealed class ReentrantConcurrencyGrain : ConcurrencyGrain, IReentrantConcurrencyGrain
{
}
