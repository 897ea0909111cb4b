namespace Orleans.DynamicDb.Runtime;

/// <summary>Names the grain type of a grain class (default: the class name, lower-cased, without a "Grain" suffix).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    public string GrainType { get; } = string.IsNullOrWhiteSpace(grainType) ? throw new ArgumentException("A grain type name cannot be empty.", nameof(grainType)) : grainType;
}
