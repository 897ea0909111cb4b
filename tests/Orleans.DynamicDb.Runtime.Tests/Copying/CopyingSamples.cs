namespace Orleans.DynamicDb.Runtime.Tests.Copying;

// Small types the copier tests pass around.

public sealed record Money(decimal Amount, string Currency);

public record OpenPoint(int X, int Y);

public sealed record Basket(string Owner, List<string> Items);

public sealed class SettableName
{
    public string Name { get; set; } = "";
}

public sealed class InitOnlyList
{
    public required List<int> Values { get; init; }
}

public readonly struct ReadOnlyPoint(int x, int y)
{
    public int X { get; } = x;

    public int Y { get; } = y;
}

public struct MutablePoint
{
    public int X;
    public int Y;
}

public struct Tagged
{
    public string Name;
    public List<int> Values;
}

public sealed class ImmutableNode(string name, ImmutableNode? next)
{
    public string Name { get; } = name;

    public ImmutableNode? Next { get; } = next;
}

public sealed class Left(Right? right)
{
    public Right? Right { get; } = right;
}

public sealed class Right(Left? left)
{
    public Left? Left { get; } = left;

    public int Counter { get; set; }
}

public sealed class Node
{
    public string Name { get; set; } = "";

    public Node? Next { get; set; }

    public List<Node> Children { get; } = [];
}

[Immutable]
public sealed class DeclaredImmutable
{
    public List<int> Values { get; } = [1, 2, 3];
}

public class Animal
{
    private readonly List<string> _tags = [];

    public IReadOnlyList<string> Tags => _tags;

    public void Tag(string tag) => _tags.Add(tag);
}

public sealed class Dog : Animal
{
    public string Name { get; set; } = "";
}

public sealed class Holder
{
    public object? Value { get; set; }
}

public sealed class Identity
{
    public int Id { get; set; }
}

public sealed class NamedLists : Dictionary<string, List<int>>
{
    public string Label { get; set; } = "";
}

[Immutable]
public class DeclaredImmutableBase
{
    public int Version { get; set; }
}

public sealed class DeclaredImmutableChild : DeclaredImmutableBase
{
    public List<int> Values { get; } = [];
}
