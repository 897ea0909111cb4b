using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>Moving a live database from a registered PostgreSQL server to managed PostgreSQL (an instance the silo runs per database) and back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ManagedPostgresSwitchTests(PostgresFixture postgres, ManagedPostgresFixture managed, ITestOutputHelper output) : IAsyncLifetime, IClassFixture<ManagedPostgresFixture>
{
    private readonly TempDirectory _root = new();
    private DatabaseTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SwitchClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
    {
        ["DynamicDb:Engines:0:Id"] = "pg",
        ["DynamicDb:Engines:0:Kind"] = "postgres",
        ["DynamicDb:Engines:0:Default"] = "true",
        ["DynamicDb:Engines:0:ConnectionString"] = postgres.Server.ConnectionString,
        ["DynamicDb:Engines:1:Id"] = "managed",
        ["DynamicDb:Engines:1:Kind"] = "postgres-managed",
        ["DynamicDb:Engines:1:DataDirectory"] = managed.DataDirectory,
        ["DynamicDb:Engines:1:BinDirectory"] = managed.BinDirectory,
        ["DynamicDb:Engines:1:PortRangeStart"] = "31000",
        ["DynamicDb:Engines:1:PortRangeEnd"] = "31999",
        ["DynamicDb:Databases:HibernationTimeout"] = "00:10:00",
    });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public Task A_database_moves_from_postgres_to_managed_postgres_and_back_under_acknowledged_writes_and_reads_with_nothing_lost() =>
        SwitchRoundTrip.RunAsync(
            _cluster, output, "pg", "managed",
            "CREATE TABLE items (id BIGINT PRIMARY KEY, v TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())",
            "INSERT INTO items (id, v) SELECT x, 'seed' || x FROM generate_series(1, 5000) AS x");
}
