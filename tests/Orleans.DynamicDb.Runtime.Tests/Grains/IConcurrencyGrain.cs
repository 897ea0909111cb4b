namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>Calls that log when they start and end and can be held at a gate, to observe interleaving.</summary>
public interface IConcurrencyGrain : IGrainWithStringKey
{
    /// <summary>Logs "{name}:start", waits for gate <paramref name="gate"/>, logs "{name}:end".</summary>
    Task Hold(string log, string name, string gate);

    [ReadOnly]
    Task HoldReadOnly(string log, string name, string gate);

    [AlwaysInterleave]
    Task<string> Interleaved(string log, string name);

    /// <summary>Measures how many calls run at once: each yields a few times.</summary>
    Task<int> MeasureOverlap();
}

public interface IReentrantConcurrencyGrain : IConcurrencyGrain
{
}
