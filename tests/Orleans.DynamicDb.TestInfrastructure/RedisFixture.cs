using Xunit;

namespace Orleans.DynamicDb.TestInfrastructure;

/// <summary>One Redis server shared by every test in a collection (each test assembly declares its own collection, e.g. RedisCollection).</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The Redis fixture has not started.");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
