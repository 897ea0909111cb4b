using System.Buffers;
using Orleans.DynamicDb.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

internal static class Wire
{
    public static readonly WireSerializer Serializer = new();

    /// <summary>Serializes as T and reads back as T.</summary>
    public static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value));

    /// <summary>Serializes as object and reads back as object, through a multi-segment sequence.</summary>
    public static object? RoundTripAsObject(object? value)
    {
        var bytes = Serializer.SerializeToArray(value);
        return Serializer.Deserialize(Segmented(bytes));
    }

    /// <summary>The bytes as a sequence of 3-byte segments, as a socket might deliver them.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes)
    {
        if (bytes.Length <= 3)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.AsMemory(0, 3), 0);
        var last = first;
        for (var offset = 3; offset < bytes.Length; offset += 3)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(3, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

public enum Color
{
    Red = 1,
    Green = 2,
    Blue = -3,
}

[Flags]
public enum Access : ulong
{
    None = 0,
    Read = 1,
    Everything = ulong.MaxValue,
}

public sealed record Statement(string Sql, IReadOnlyList<object?> Args);

public sealed record Small(string Name, int Count);

public sealed record WithExtras(string Name)
{
    public int Priority { get; init; }

    public string Upper => Name.ToUpperInvariant();
}

public sealed record Catalog(
    IReadOnlyList<string> Names,
    IReadOnlyDictionary<string, int> Sizes,
    IReadOnlySet<Color> Colors,
    IEnumerable<long> Numbers);

public sealed record Shapes(int[][] Jagged, List<Small> Items, Dictionary<Guid, Small?> ById, HashSet<string> Tags, Color? Maybe, Color Surely);

public sealed class Settable
{
    public string? Name { get; set; }

    public List<int> Values { get; set; } = [];

    public Settable? Next { get; set; }
}

public readonly struct Point(int x, int y)
{
    public int X { get; } = x;

    public int Y { get; } = y;
}

public struct MutablePoint
{
    public int X { get; set; }

    public string? Label { get; set; }
}

public sealed class PrivateState
{
    private readonly string _secret;
    private int _counter;

    private PrivateState(string secret) => _secret = secret;

    public static PrivateState Create(string secret, int counter) => new(secret) { _counter = counter };

    public string Describe() => $"{_secret}:{_counter}";
}

public sealed class Node
{
    public string Name { get; set; } = string.Empty;

    public Node? Next { get; set; }

    public List<Node> Children { get; set; } = [];
}

public sealed record Pair(Small First, Small Second);

public sealed class RecordCycle
{
    public RecordCycle(string name) => Name = name;

    public string Name { get; }

    public object? Payload { get; set; }
}

public sealed record Holder(object? Value);

/// <summary>Shaped like the product's DynamicDbException: a code, a transient flag, and a 4-argument constructor.</summary>
public sealed class CodedException : Exception
{
    public CodedException(string errorCode, string message)
        : this(errorCode, message, isTransient: false, innerException: null)
    {
    }

    public CodedException(string errorCode, string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    public string ErrorCode { get; }

    public bool IsTransient { get; }
}

/// <summary>An exception whose only constructor cannot be satisfied from the wire.</summary>
public sealed class UnbuildableException(Uri where) : Exception($"failed at {where}")
{
    public Uri Where { get; } = where;
}

public sealed record Box<T>(T Value);

public readonly struct Opaque
{
    private readonly int _number;
    private readonly string _text;

    public Opaque(int x, string y)
    {
        _number = x;
        _text = y;
    }

    public override string ToString() => $"{_text}={_number}";
}

public abstract class BaseState(int level)
{
    private readonly int _level = level;

    public int Level() => _level;
}

public sealed class DerivedState : BaseState
{
    private readonly string _name;

    private DerivedState(string name, int level)
        : base(level) => _name = name;

    public static DerivedState Create(string name, int level) => new(name, level);

    public string Name() => _name;
}
