namespace Orleans.DynamicDb.Runtime;

/// <summary>Wraps a value the caller promises not to change, so it crosses a grain call by reference.</summary>
[Immutable]
public readonly struct Immutable<T>(T value)
{
    public T Value { get; } = value;
}

/// <summary>Helpers for <see cref="Immutable{T}"/>.</summary>
public static class ImmutableExtensions
{
    public static Immutable<T> AsImmutable<T>(this T value) => new(value);
}
