namespace Orleans.DynamicDb.Runtime;

/// <summary>
/// Declares that instances of a type are never changed after construction, so grain calls pass them by reference
/// instead of copying them. On a parameter, it applies to that argument only.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Parameter | AttributeTargets.ReturnValue)]
public sealed class ImmutableAttribute : Attribute
{
}
