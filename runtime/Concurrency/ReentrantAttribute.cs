namespace Orleans.DynamicDb.Runtime;

/// <summary>The grain class accepts a new request while earlier ones are awaiting (turns still never run in parallel).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}
