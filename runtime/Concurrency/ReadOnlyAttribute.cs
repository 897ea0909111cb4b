namespace Orleans.DynamicDb.Runtime;

/// <summary>This interface method does not change grain state: it may interleave with other read-only requests.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute
{
}
