namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>Calls other grains on its caller's behalf: grain-to-grain calls behind a client call.</summary>
public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Increments the located grain with this key and returns its new count and its silo.</summary>
    Task<(int Count, string Silo)> IncrementLocated(string key);
}
