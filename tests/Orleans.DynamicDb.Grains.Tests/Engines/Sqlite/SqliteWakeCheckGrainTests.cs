using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>A damaged SQLite database seen through its grain after a silo restart: the call answers database.corrupt, the neighbours serve.</summary>
public sealed class SqliteWakeCheckGrainTests
{
    [Fact]
    public async Task A_damaged_database_answers_database_corrupt_when_its_grain_wakes_and_a_healthy_one_still_serves()
    {
        using var root = new TempDirectory();
        var settings = new Dictionary<string, string?>();
        var cluster = await DatabaseClusterFactory.StartAsync(root.Path, settings);
        try
        {
            foreach (var name in new[] { "orders", "invoices" })
            {
                var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/{name}");
                await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
                await db.ExecAsync(new Statement(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) INSERT INTO t (v) SELECT printf('%0200d', x) FROM c"));
            }

            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            var path = Path.Combine(root.Path, "shop_orders", "db.sqlite");
            SqliteFiles.CorruptPage(path, SqliteFiles.LastPage(path));
            var damaged = SqliteFiles.Fingerprint(path);
            cluster = await DatabaseClusterFactory.StartAsync(root.Path, settings);

            var e = await Assert.ThrowsAsync<DynamicDbException>(() =>
                cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/orders").QueryAsync(new Statement("SELECT COUNT(*) FROM t")));

            Assert.Equal(ErrorCodes.DatabaseCorrupt, e.ErrorCode);
            Assert.Contains("shop_orders", e.Message, StringComparison.Ordinal);
            Assert.Equal(damaged, SqliteFiles.Fingerprint(path));
            var healthy = await cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/invoices").QueryAsync(new Statement("SELECT COUNT(*) FROM t"));
            Assert.Equal(2000L, healthy.Rows[0][0]);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
