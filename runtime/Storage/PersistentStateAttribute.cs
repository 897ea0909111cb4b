namespace Orleans.DynamicDb.Runtime;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime reads the state
/// named <paramref name="stateName"/> from the storage provider <paramref name="storageName"/> before OnActivateAsync.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = string.IsNullOrWhiteSpace(stateName) ? throw new ArgumentException("A state name cannot be empty.", nameof(stateName)) : stateName;

    /// <summary>The storage provider's name; null means the default provider.</summary>
    public string? StorageName { get; } = storageName;
}
