using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching;
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
    public async Task A_database_moves_from_postgres_to_managed_postgres_and_back_under_acknowledged_writes_and_reads_with_nothing_lost()
    {
        var database = "sw" + Guid.NewGuid().ToString("N")[..10];
        var db = _cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/{database}");
        await db.CreateAsync("pg");
        await db.ExecAsync(new Statement("CREATE TABLE items (id BIGINT PRIMARY KEY, v TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())"));
        await db.ExecAsync(new Statement("INSERT INTO items (id, v) SELECT x, 'seed' || x FROM generate_series(1, 5000) AS x"));
        var catalog = _cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();
        await using var writer = new AcknowledgedWriter(db, firstId: 1_000_000);
        await Eventually.True(() => writer.Acknowledged.Count > 50, "the writers are under way");

        var there = await db.SwitchAndWaitAsync(new SwitchRequest("managed", RequestedBy: "test"));
        var onPostgres = writer.Acknowledged.Count;
        await Eventually.True(() => writer.Acknowledged.Count > onPostgres + 100, "writes go on on managed postgres");
        var engineThere = (await catalog.GetAsync("shop", database))!.Engine;
        var back = await db.SwitchAndWaitAsync(new SwitchRequest("pg", RequestedBy: "test"));
        var onSqlite = writer.Acknowledged.Count;
        await Eventually.True(() => writer.Acknowledged.Count > onSqlite + 100, "writes go on back on the registered server");
        await writer.StopAsync();

        output.WriteLine($"pg->managed: {there.SwitchDurationMs} ms, write pause {there.WritePauseMs:F1} ms, {there.RowsCopied} rows; managed->pg: {back.SwitchDurationMs} ms, write pause {back.WritePauseMs:F1} ms, {back.RowsCopied} rows; {writer.Acknowledged.Count} acknowledged writes, {writer.Reads} reads");
        Assert.True(there.Success, there.Error);
        Assert.True(back.Success, back.Error);
        Assert.Equal("managed", engineThere);
        Assert.Equal("pg", (await catalog.GetAsync("shop", database))!.Engine);
        Assert.Empty(writer.Failures);
        var ids = (await db.QueryAsync(new Statement("SELECT id FROM items WHERE id >= 1000000 ORDER BY id"))).Rows.Select(r => Convert.ToInt64(r[0])).ToList();
        Assert.Equal(writer.Acknowledged.Order(), ids);
        Assert.Equal(5000L, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM items WHERE id < 1000000"))).Rows[0][0]));
    }
}
