namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public sealed class EchoGrain : Grain, IEchoGrain
{
    internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> LastSeen = new();
    private readonly Bag _bag = new() { Items = [1, 2, 3] };

    public Task<bool> MutateAndCompare(Bag bag)
    {
        var same = LastSeen.TryGetValue(this.GetPrimaryKeyString(), out var last) && ReferenceEquals(last, bag);
        bag.Items.Add(99);
        return Task.FromResult(same);
    }

    public Task<bool> IsSameAsLast(Point point) =>
        Task.FromResult(LastSeen.TryGetValue(this.GetPrimaryKeyString(), out var last) && ReferenceEquals(last, point));

    public Task<Bag> GetBag() => Task.FromResult(_bag);

    public Task<string> Echo(string value) => Task.FromResult(value);
}

internal sealed class HiddenGrain : Grain, IHiddenGrain
{
    public Task Ping() => Task.CompletedTask;
}
