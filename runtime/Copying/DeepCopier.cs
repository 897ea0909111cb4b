namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>
/// Copies grain call arguments and results so that caller and grain never share a mutable object. A value whose
/// runtime type is shallow-copyable (immutable) passes by reference; anything else is deep-copied, and shared
/// references and cycles inside it are kept as they are within that one copy. Copy several values as one array to
/// keep the references they share.
/// </summary>
/// <remarks>
/// Shallow-copyable: primitives, enums, <see cref="string"/>, <see cref="decimal"/>, date and time values,
/// <see cref="Guid"/>, <see cref="Uri"/>, <see cref="Version"/>, <see cref="Type"/>, <see cref="CancellationToken"/>,
/// exceptions, grain references, nullables of those, <see cref="Immutable{T}"/>, types marked
/// <see cref="ImmutableAttribute"/> and their subclasses, System.Collections.Immutable and frozen collections
/// of shallow-copyable elements, and sealed classes, records and structs whose instance fields are all
/// read-only (init-only properties count) and of shallow-copyable types. Delegates, tasks, and objects that own an
/// operating-system resource cannot be copied: copying them throws <see cref="NotSupportedException"/>.
/// </remarks>
public static class DeepCopier
{
    /// <summary>Whether values of <paramref name="type"/> are immutable, so a grain call passes them by reference.</summary>
    public static bool IsShallowCopyable(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return ShallowCopyAnalysis.Get(type).IsShallowCopyable;
    }

    /// <summary>Returns <paramref name="value"/> itself when it is immutable, otherwise a deep copy of it.</summary>
    /// <exception cref="NotSupportedException">The value is or holds something that cannot be copied, such as a delegate.</exception>
    public static T Copy<T>(T value)
    {
        if (typeof(T).IsValueType)
        {
            return TypeTraits<T>.IsCopiedByAssignment ? value : ValueCopier<T>.Copy(value, new CopyContext());
        }

        if (value is null || TypeTraits<T>.IsShallowCopyable)
        {
            return value;
        }

        var type = value.GetType();
        return ShallowCopyAnalysis.Get(type).IsShallowCopyable
            ? value
            : (T)ObjectCopiers.Get(type)(value, new CopyContext());
    }

    /// <summary>Returns <paramref name="value"/> itself when it is immutable, otherwise a deep copy of it.</summary>
    /// <exception cref="NotSupportedException">The value is or holds something that cannot be copied, such as a delegate.</exception>
    public static object? Copy(object? value) => Copy<object?>(value);
}
