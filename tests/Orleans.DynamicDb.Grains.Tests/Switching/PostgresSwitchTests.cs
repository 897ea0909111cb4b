using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>Moving a live database between the embedded SQLite engine and a registered PostgreSQL server, both ways.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSwitchTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private DatabaseTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SwitchClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
    {
        ["DynamicDb:Engines:0:Id"] = "sqlite",
        ["DynamicDb:Engines:0:Kind"] = "sqlite",
        ["DynamicDb:Engines:0:Default"] = "true",
        ["DynamicDb:Engines:1:Id"] = "pg",
        ["DynamicDb:Engines:1:Kind"] = "postgres",
        ["DynamicDb:Engines:1:ConnectionString"] = postgres.Server.ConnectionString,
        ["DynamicDb:Databases:HibernationTimeout"] = "00:10:00",
    });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public Task A_database_moves_from_sqlite_to_postgres_and_back_under_acknowledged_writes_and_reads_with_nothing_lost() =>
        SwitchRoundTrip.RunAsync(
            _cluster, output, "sqlite", "pg",
            "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) INSERT INTO items (id, v) SELECT x, 'seed' || x FROM c");
}
