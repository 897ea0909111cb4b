namespace Orleans.DynamicDb.Runtime;

/// <summary>The caller does not wait for this interface method: its task completes once the call is queued, and failures are only logged.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute
{
}
