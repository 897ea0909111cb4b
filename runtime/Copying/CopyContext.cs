namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>
/// One deep copy in progress: maps each original object to its copy, so an object reached twice is copied once
/// and cycles in the original become the same cycles in the copy.
/// </summary>
internal sealed class CopyContext
{
    private static readonly object Pending = new();

    private Dictionary<object, object>? _copies;

    /// <summary>Copies a value of static type <typeparamref name="T"/> within this copy.</summary>
    public T Copy<T>(T value)
    {
        if (typeof(T).IsValueType)
        {
            return TypeTraits<T>.IsCopiedByAssignment ? value : ValueCopier<T>.Copy(value, this);
        }

        return TypeTraits<T>.IsShallowCopyable ? value : (T)CopyObject(value)!;
    }

    /// <summary>Copies an object (or a boxed value) within this copy.</summary>
    public object? CopyObject(object? original)
    {
        if (original is null)
        {
            return null;
        }

        var type = original.GetType();
        if (ShallowCopyAnalysis.Get(type).IsShallowCopyable)
        {
            return original;
        }

        if (_copies is not null && _copies.TryGetValue(original, out var copy))
        {
            return ReferenceEquals(copy, Pending)
                ? throw new NotSupportedException(
                    $"Cannot copy a value of type '{TypeNames.Format(type)}' for a grain call: it is part of a cycle through an immutable collection, which cannot be rebuilt before its own elements.")
                : copy;
        }

        return ObjectCopiers.Get(type)(original, this);
    }

    /// <summary>Records <paramref name="copy"/> as the copy of <paramref name="original"/>.</summary>
    public void Record(object original, object copy) =>
        (_copies ??= new Dictionary<object, object>(ReferenceEqualityComparer.Instance))[original] = copy;

    /// <summary>Marks an original whose copy can only be created after its elements (an immutable collection).</summary>
    public void MarkPending(object original) => Record(original, Pending);
}
