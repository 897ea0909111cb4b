namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public sealed class RelayGrain : Grain, IRelayGrain
{
    public async Task<(int Count, string Silo)> IncrementLocated(string key)
    {
        var located = GrainFactory.GetGrain<ILocatedGrain>(key);
        var count = await located.Increment();
        return (count, await located.WhereAmI());
    }
}
