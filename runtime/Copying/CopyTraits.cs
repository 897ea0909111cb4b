namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>What copying needs to do for values of one type.</summary>
/// <param name="IsShallowCopyable">An instance never changes, so caller and grain may share it by reference.</param>
/// <param name="IsCopiedByAssignment">
/// Assigning a value (a bitwise copy) already gives an independent value: true for shallow-copyable types and for
/// structs whose fields, however mutable, hold nothing that needs a deep copy.
/// </param>
internal readonly record struct CopyTraits(bool IsShallowCopyable, bool IsCopiedByAssignment)
{
    public static readonly CopyTraits Immutable = new(true, true);

    public static readonly CopyTraits Mutable = new(false, false);
}
