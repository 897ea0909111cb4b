using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>The database grain on one engine: creation on first use, hibernation and wake, restart, drop. Subclasses pick the engine.</summary>
public abstract partial class DatabaseGrainContract : IDisposable
{
    private readonly TempDirectory _root = new();

    protected string Root => _root.Path;

    /// <summary>Engine settings under DynamicDb:Engines (empty: the embedded default).</summary>
    protected abstract IDictionary<string, string?> EngineSettings { get; }

    protected abstract string EngineId { get; }

    protected virtual string IdColumn => "id INTEGER PRIMARY KEY";

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task The_first_call_creates_the_database_and_registers_it_in_the_catalog()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/orders");

        await db.ExecAsync(new Statement($"CREATE TABLE orders ({IdColumn}, item TEXT NOT NULL)"));
        await db.ExecAsync(Statement.Of("INSERT INTO orders (item) VALUES (?)", "book"));
        var rows = await db.QueryAsync(new Statement("SELECT item FROM orders"));
        var entry = await Catalog(cluster).GetAsync("shop", "orders");

        Assert.Equal("book", rows.Rows[0][0]);
        Assert.NotNull(entry);
        Assert.Equal(EngineId, entry.Engine);
        Assert.Equal(DatabaseStatus.Active, entry.Status);
    }

    [Fact]
    public async Task An_idle_database_hibernates_and_the_next_call_wakes_it_with_its_data()
    {
        await using var cluster = await StartAsync(hibernation: "00:00:01");
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/sleepy");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", "kept"));

        await Eventually.True(async () => (await Catalog(cluster).GetAsync("shop", "sleepy"))!.Status == DatabaseStatus.Hibernated, "the idle database hibernates");
        var rows = await db.QueryAsync(new Statement("SELECT v FROM t"));

        Assert.Equal("kept", rows.Rows[0][0]);
        Assert.Equal(DatabaseStatus.Active, (await Catalog(cluster).GetAsync("shop", "sleepy"))!.Status);
    }

    [Fact]
    public async Task A_database_with_its_own_timeout_hibernates_on_its_own_schedule()
    {
        await using var cluster = await StartAsync(hibernation: "01:00:00");
        var quick = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/quick");
        var slow = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/slow");

        await quick.CreateAsync(hibernationTimeout: TimeSpan.FromSeconds(1));
        await slow.CreateAsync();

        await Eventually.True(async () => (await Catalog(cluster).GetAsync("shop", "quick"))!.Status == DatabaseStatus.Hibernated, "the database with a 1 s timeout hibernates");
        Assert.Equal(DatabaseStatus.Active, (await Catalog(cluster).GetAsync("shop", "slow"))!.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), (await Catalog(cluster).GetAsync("shop", "quick"))!.HibernationTimeout);
    }

    [Fact]
    public async Task Two_hundred_parallel_inserts_are_all_acknowledged_and_stored()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/busy");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, n INTEGER NOT NULL)"));

        var acks = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => db.ExecAsync(Statement.Of("INSERT INTO t (n) VALUES (?)", i))));
        var count = await db.QueryAsync(new Statement("SELECT COUNT(*), COUNT(DISTINCT n) FROM t"));

        Assert.All(acks, a => Assert.Equal(1, a.RowsAffected));
        Assert.Equal(200L, Convert.ToInt64(count.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(200L, Convert.ToInt64(count.Rows[0][1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_silo_restart_keeps_every_database_and_its_data()
    {
        var cluster = await StartAsync();
        try
        {
            foreach (var name in new[] { "a", "b" })
            {
                var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/{name}");
                await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
                await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", name));
            }

            await cluster.StopAllSilosAsync();
            Assert.All(await ListStoppedAsync(), e => Assert.Equal(DatabaseStatus.Hibernated, e.Status));
            cluster = await StartAsync();

            Assert.Equal(["a", "b"], (await Catalog(cluster).ListAsync("shop")).Select(e => e.Database));
            Assert.Equal("b", (await cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/b").QueryAsync(new Statement("SELECT v FROM t"))).Rows[0][0]);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dropping_moves_the_data_aside_and_frees_the_name()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/gone");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn})"));

        var dropped = await db.DropAsync();

        Assert.Equal(DatabaseStatus.Dropped, dropped.Info.Status);
        Assert.False(string.IsNullOrEmpty(dropped.MovedTo));
        Assert.Empty(await Catalog(cluster).ListAsync("shop"));
        var fresh = await db.GetSchemaAsync();
        Assert.Empty(fresh.Tables);
    }

    [Fact]
    public async Task Dropping_a_database_that_was_never_created_is_not_found()
    {
        await using var cluster = await StartAsync();

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/never").DropAsync());

        Assert.Equal(ErrorCodes.DatabaseNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task Creating_an_existing_database_on_another_engine_is_refused_and_changes_nothing()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/fixed");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn})"));

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => db.CreateAsync("some-other-engine"));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains(EngineId, error.Message, StringComparison.Ordinal);
        Assert.Single((await db.GetSchemaAsync()).Tables);
    }

    [Fact]
    public async Task A_bad_statement_fails_with_the_engine_message_and_leaves_the_data_alone()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/safe");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", "x"));

        var syntax = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("DELETE FRM t")));
        var transaction = await Assert.ThrowsAsync<DynamicDbException>(() => db.TransactionAsync([new Statement("DELETE FROM t"), new Statement("INSERT INTO missing VALUES (1)")]));

        Assert.Equal(ErrorCodes.SqlSyntax, syntax.ErrorCode);
        Assert.Equal(ErrorCodes.SqlError, transaction.ErrorCode);
        Assert.Equal(1, (await db.QueryAsync(new Statement("SELECT v FROM t"))).Count);
    }

    [Fact]
    public async Task A_failed_exec_or_query_reaches_the_caller_with_its_code_and_message_but_not_the_drivers_exception()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/bare");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));

        var exec = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("INSERT INTO missing VALUES (1)")));
        var query = await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryAsync(new Statement("SELECT v FROM missing")));

        Assert.All([exec, query], e =>
        {
            Assert.Equal(ErrorCodes.SqlError, e.ErrorCode);
            Assert.Contains("missing", e.Message, StringComparison.Ordinal);
            Assert.Null(e.InnerException);
        });
    }

    protected virtual void Dispose(bool disposing) => _root.Dispose();

    protected Task<DatabaseTestCluster> StartAsync(string hibernation = "00:10:00", TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>(EngineSettings) { ["DynamicDb:Databases:HibernationTimeout"] = hibernation };
        return DatabaseClusterFactory.StartAsync(Root, settings, time);
    }

    protected static IDatabaseCatalog Catalog(DatabaseTestCluster cluster) => cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();

    /// <summary>Reads the catalog file directly while no silo runs.</summary>
    private async Task<IReadOnlyList<DatabaseInfo>> ListStoppedAsync()
    {
        using var catalog = new AdoNetDatabaseCatalog("Microsoft.Data.Sqlite", $"Data Source={Path.Combine(Root, "silo", "catalog.db")}");
        return await catalog.ListAsync("shop");
    }
}
