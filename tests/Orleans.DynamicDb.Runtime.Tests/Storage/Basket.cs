namespace Orleans.DynamicDb.Runtime.Tests.Storage;

/// <summary>A mutable grain state with a nested collection, so tests can tell a copy from a shared object.</summary>
public sealed class Basket
{
    public string Owner { get; set; } = string.Empty;

    public List<string> Items { get; set; } = [];
}
