namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    /// <summary>A value unique to the activation, so tests can tell activations apart.</summary>
    Task<Guid> GetActivationId();

    Task<string> GetKey();

    Task Ping();

    ValueTask<int> GetValueTask();

    ValueTask PingValueTask();

    Task Fail(string message);

    Task FailSynchronously(string message);

    Task Deactivate();
}

public interface IGuidKeyGrain : IGrainWithGuidKey
{
    Task<Guid> GetKey();
}

public interface IIntegerKeyGrain : IGrainWithIntegerKey
{
    Task<long> GetKey();
}
