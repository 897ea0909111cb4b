namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>The lowered CPU priority of the Low and Background tiers, as the engine serving the current primary reports it.</summary>
public sealed partial class HaPostgresEngine : ILowTierPriorityEngine
{
    /// <inheritdoc/>
    public string LowTierPriorityStatus => _route?.Engine.LowTierPriorityStatus ?? (_options.LowTierNice > 0 ? "pending" : "off");
}
