namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>
/// <see cref="CopyTraits"/> of <typeparamref name="T"/> in static fields, so the JIT treats them as constants and the
/// check for a shallow-copyable static type costs nothing.
/// </summary>
internal static class TypeTraits<T>
{
    public static readonly bool IsShallowCopyable = ShallowCopyAnalysis.Get(typeof(T)).IsShallowCopyable;

    public static readonly bool IsCopiedByAssignment = ShallowCopyAnalysis.Get(typeof(T)).IsCopiedByAssignment;
}
