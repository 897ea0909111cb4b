namespace Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

/// <summary>One gateway silo per test class, started by the first test with the class's engine arguments and stopped after the last.</summary>
public sealed class GatewaySiloFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, Task<string>> _shared = [];
    private GatewaySilo? _silo;

    internal async Task<GatewaySilo> GetAsync(Func<IEnumerable<string>> arguments)
    {
        await _lock.WaitAsync();
        try
        {
            return _silo ??= await GatewaySilo.StartAsync(arguments());
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A value made once per class (e.g. a seeded database shared by tests that must not change it).</summary>
    internal Task<string> SharedAsync(string key, Func<Task<string>> create)
    {
        lock (_shared)
        {
            if (!_shared.TryGetValue(key, out var value) || value.IsFaulted || value.IsCanceled)
            {
                _shared[key] = value = create();
            }

            return value;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _lock.Dispose();
    }
}
