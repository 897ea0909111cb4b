using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>
/// A switch with interactive transactions: one committed during the copy moves with the database; one still open at the
/// cut-over is rolled back after DynamicDb:Databases:TransactionDrainTimeout and its next call names the switch.
/// </summary>
public sealed class SwitchOpenTransactionTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private DatabaseTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SwitchClusterFactory.StartAsync(
        _root.Path, SwitchClusterFactory.TwoSqlite(("DynamicDb:Databases:TransactionDrainTimeout", "00:00:01")));

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task A_switch_rolls_back_a_transaction_open_at_the_cut_over_and_keeps_every_committed_write()
    {
        var db = _cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txswitch");
        await db.CreateAsync("sqlite");
        await db.ExecAsync(new Statement("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
        await db.ExecAsync(new Statement("INSERT INTO items (id, v) VALUES (1, 'seed')"));
        var copying = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        _cluster.ServiceProvider.GetRequiredService<SwitchHooks>().PhaseEntered = async (_, phase) =>
        {
            if (phase == SwitchPhases.CatchingUp)
            {
                copying.TrySetResult();
                await release.Task;
            }
        };

        var started = await db.SwitchEngineAsync(new SwitchRequest("sqlite2", RequestedBy: "test"));
        await Eventually.Within(copying.Task, "the switch reaches the catch-up");
        var committed = await db.BeginTransactionAsync(new TransactionOptions("committer"));
        await db.ExecInTransactionAsync(committed.Id, new Statement("INSERT INTO items (id, v) VALUES (2, 'committed')"));
        await db.CommitTransactionAsync(committed.Id);
        var open = await db.BeginTransactionAsync(new TransactionOptions("left-open"));
        await db.ExecInTransactionAsync(open.Id, new Statement("INSERT INTO items (id, v) VALUES (3, 'uncommitted')"));
        release.SetResult();
        var result = await db.SwitchAndWaitAsync(new SwitchRequest("sqlite2", SwitchId: started.Id));
        var next = await Assert.ThrowsAsync<DynamicDbException>(() => db.CommitTransactionAsync(open.Id));

        Assert.True(result.Success, result.Error);
        Assert.Equal("sqlite2", (await _cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>().GetAsync("shop", "txswitch"))!.Engine);
        Assert.Equal(ErrorCodes.TransactionAborted, next.ErrorCode);
        Assert.Contains("moved to engine 'sqlite2'", next.Message, StringComparison.Ordinal);
        var rows = await db.QueryAsync(new Statement("SELECT id, v FROM items ORDER BY id"));
        Assert.Equal(["seed", "committed"], rows.Rows.Select(r => (string)r[1]!));
    }
}
