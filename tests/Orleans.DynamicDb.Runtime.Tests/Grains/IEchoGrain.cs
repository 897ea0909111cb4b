namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>An immutable record: passed by reference across grain calls.</summary>
public sealed record Point(int X, int Y);

/// <summary>A mutable class: copied across grain calls.</summary>
public sealed class Bag
{
    public List<int> Items { get; set; } = [];
}

public interface IEchoGrain : IGrainWithStringKey
{
    /// <summary>Mutates what it receives and reports whether it is the caller's own object.</summary>
    Task<bool> MutateAndCompare(Bag bag);

    Task<bool> IsSameAsLast(Point point);

    Task<Bag> GetBag();

    Task<string> Echo(string value);
}

/// <summary>Not public: a proxy cannot be generated for it.</summary>
internal interface IHiddenGrain : IGrainWithStringKey
{
    Task Ping();
}
