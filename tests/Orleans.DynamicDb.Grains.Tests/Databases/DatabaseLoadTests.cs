using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary><see cref="IDatabaseGrain.GetLoadAsync"/> on a real SQLite database: what it measures, and that asking never keeps a database awake.</summary>
public sealed class DatabaseLoadTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_load_counts_statements_their_p99_and_the_open_cursors()
    {
        await using var cluster = await DatabaseClusterFactory.StartAsync(_data.Path, new Dictionary<string, string?>());
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/load");
        await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        await db.ExecAsync(new Statement("INSERT INTO t (id) VALUES (1), (2)"));
        await db.QueryAsync(new Statement("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT count(*) FROM c"));
        var cursor = (await db.QueryPageAsync(new Statement("SELECT id FROM t"), new QueryPaging(1000, 1 << 20, 1, 1 << 20))).Cursor!;

        var load = await db.GetLoadAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(4, load.Statements);
        Assert.True(load.P99Ms > 20, $"the recursive CTE dominates the p99: {load.P99Ms} ms");
        Assert.Equal(1, load.MaxConcurrent);
        await db.CloseCursorAsync(cursor);
    }

    [Fact]
    public async Task Asking_for_the_load_does_not_keep_a_database_from_hibernating()
    {
        await using var cluster = await DatabaseClusterFactory.StartAsync(_data.Path, new Dictionary<string, string?> { ["DynamicDb:Databases:HibernationTimeout"] = "00:00:01" });
        var catalog = cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/polled");
        await db.QueryAsync(new Statement("SELECT 1"));

        // A policy's polling, far more often than the timeout: the database still hibernates.
        await Eventually.True(
            async () =>
            {
                if ((await catalog.GetAsync("shop", "polled"))!.Status == DatabaseStatus.Hibernated)
                {
                    return true;
                }

                await db.GetLoadAsync(TimeSpan.FromSeconds(60));
                return false;
            },
            "the polled database hibernates",
            TimeSpan.FromSeconds(30));
    }
}
