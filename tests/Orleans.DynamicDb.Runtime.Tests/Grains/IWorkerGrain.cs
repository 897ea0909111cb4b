namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Records this activation in <paramref name="log"/>, then waits at the gate.</summary>
    Task<Guid> Work(string log, string gate);

    [OneWay]
    Task FireAndForget(string log, string gate, bool fail);
}
