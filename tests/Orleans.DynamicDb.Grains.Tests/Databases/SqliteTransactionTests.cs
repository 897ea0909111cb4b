using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>
/// Interactive transactions on SQLite: one that wrote holds the file's write lock, so another writer waits up to the busy
/// timeout and fails with a transient sql.timeout (never hangs), readers go on reading, and the lock ends with the
/// transaction.
/// </summary>
public sealed class SqliteTransactionTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task A_writer_blocked_by_an_open_transaction_fails_after_the_busy_timeout_while_readers_read_and_the_commit_goes_through()
    {
        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "sqlite",
            ["DynamicDb:Engines:0:Kind"] = "sqlite",
            ["DynamicDb:Engines:0:BusyTimeout"] = "00:00:01",
        });
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txbusy");
        await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
        await db.ExecAsync(new Statement("INSERT INTO t (v) VALUES ('seed')"));
        var tx = await db.BeginTransactionAsync(new TransactionOptions("holder"));
        await db.ExecInTransactionAsync(tx.Id, new Statement("INSERT INTO t (v) VALUES ('pending')"));

        var blocked = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(db.ExecAsync(new Statement("INSERT INTO t (v) VALUES ('other')")), "a write blocked by the transaction's lock"));
        var read = await Eventually.Within(db.QueryAsync(new Statement("SELECT v FROM t")), "a read while the transaction holds the write lock");
        await db.CommitTransactionAsync(tx.Id);
        await db.ExecAsync(new Statement("INSERT INTO t (v) VALUES ('after')"));

        Assert.Equal(ErrorCodes.SqlTimeout, blocked.ErrorCode);
        Assert.True(blocked.IsTransient);
        Assert.Equal("seed", Assert.Single(read.Rows)[0]);
        Assert.Equal(["seed", "pending", "after"], (await db.QueryAsync(new Statement("SELECT v FROM t ORDER BY id"))).Rows.Select(r => (string)r[0]!));
    }

    public void Dispose() => _root.Dispose();
}
