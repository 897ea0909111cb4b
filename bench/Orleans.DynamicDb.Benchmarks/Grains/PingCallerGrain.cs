namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>Awaits each ping before sending the next, as a grain that calls another grain would.</summary>
public sealed class PingCallerGrain : Grain, IPingCallerGrain
{
    public async Task PingMany(long targetKey, int count)
    {
        var target = GrainFactory.GetGrain<IPingGrain>(targetKey);
        for (var i = 0; i < count; i++)
        {
            await target.Ping();
        }
    }
}
