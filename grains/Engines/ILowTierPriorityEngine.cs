namespace Orleans.DynamicDb.Engines;

/// <summary>An engine that can run the Low and Background tiers at lowered CPU priority (<see cref="EngineOptions.LowTierNice"/>).</summary>
public interface ILowTierPriorityEngine
{
    /// <summary>
    /// <c>off</c> (the setting is 0), <c>pending</c> (no low-priority server process yet), <c>active</c> (server processes
    /// lowered, none refused) or <c>refused</c> (the silo may not renice the server's processes: see the engine's warning;
    /// those tiers run at normal priority).
    /// </summary>
    string LowTierPriorityStatus { get; }
}
