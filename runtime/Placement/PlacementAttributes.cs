namespace Orleans.DynamicDb.Runtime;

/// <summary>Base of the placement attributes: where a grain's new activation is created in a cluster.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class PlacementAttribute : Attribute
{
    internal abstract PlacementStrategy Strategy { get; }
}

/// <summary>A new activation goes to a random active silo (Orleans' default).</summary>
public sealed class RandomPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => PlacementStrategy.Random;
}

/// <summary>A new activation goes to the silo that received the call, when it is active.</summary>
public sealed class PreferLocalPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => PlacementStrategy.PreferLocal;
}

/// <summary>A new activation goes to the silo that owns the grain id's hash on the consistent ring: every silo picks the same one.</summary>
public sealed class HashBasedPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => PlacementStrategy.HashBased;
}

/// <summary>The placement strategies.</summary>
public enum PlacementStrategy
{
    Random,
    PreferLocal,
    HashBased,
}
