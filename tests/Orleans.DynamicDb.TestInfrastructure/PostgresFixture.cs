using Xunit;

namespace Orleans.DynamicDb.TestInfrastructure;

/// <summary>One PostgreSQL server shared by every test in a collection (xunit needs each test assembly to declare its own collection: see PostgresCollection in the test projects).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
