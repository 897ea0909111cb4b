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

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public async Task Concurrent_tpcb_like_write_transactions_all_complete_and_leave_consistent_sums(int clients)
    {
        const int perClient = 10;
        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "sqlite",
            ["DynamicDb:Engines:0:Kind"] = "sqlite",
        });
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/tpcb" + clients);
        await db.ExecAsync(new Statement("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)"));
        await db.ExecAsync(new Statement("CREATE TABLE tellers (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)"));
        await db.ExecAsync(new Statement("CREATE TABLE history (id INTEGER PRIMARY KEY, account INTEGER, teller INTEGER, delta INTEGER)"));
        await db.TransactionAsync([
            new Statement("INSERT INTO accounts (id, balance) VALUES (1, 0), (2, 0), (3, 0)"),
            new Statement("INSERT INTO tellers (id, balance) VALUES (1, 0), (2, 0)"),
        ]);

        async Task<long> ClientAsync(int client)
        {
            long total = 0;
            for (var i = 0; i < perClient; i++)
            {
                var delta = client * 100 + i + 1;
                var account = (client + i) % 3 + 1;
                var teller = i % 2 + 1;
                var tx = await db.BeginTransactionAsync(new TransactionOptions("client" + client));
                await db.ExecInTransactionAsync(tx.Id, new Statement("UPDATE accounts SET balance = balance + ? WHERE id = ?", [delta, account]));
                await db.QueryInTransactionAsync(tx.Id, new Statement("SELECT balance FROM accounts WHERE id = ?", [account]));
                await db.ExecInTransactionAsync(tx.Id, new Statement("UPDATE tellers SET balance = balance + ? WHERE id = ?", [delta, teller]));
                await db.ExecInTransactionAsync(tx.Id, new Statement("INSERT INTO history (account, teller, delta) VALUES (?, ?, ?)", [account, teller, delta]));
                await db.CommitTransactionAsync(tx.Id);
                total += delta;
            }

            return total;
        }

        var totals = await Eventually.Within(Task.WhenAll(Enumerable.Range(1, clients).Select(c => Task.Run(() => ClientAsync(c)))), $"{clients} clients' transactions", TimeSpan.FromSeconds(60));

        var expected = totals.Sum();
        Assert.Equal(expected, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT SUM(balance) FROM accounts"))).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT SUM(balance) FROM tellers"))).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT SUM(delta) FROM history"))).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long)clients * perClient, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM history"))).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_write_transaction_waiting_behind_another_fails_after_the_busy_timeout_naming_it_while_a_read_only_one_begins()
    {
        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "sqlite",
            ["DynamicDb:Engines:0:Kind"] = "sqlite",
            ["DynamicDb:Engines:0:BusyTimeout"] = "00:00:01",
        });
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txwait");
        await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
        var holder = await db.BeginTransactionAsync(new TransactionOptions("holder"));
        await db.ExecInTransactionAsync(holder.Id, new Statement("INSERT INTO t (v) VALUES ('held')"));

        var waiting = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(db.BeginTransactionAsync(new TransactionOptions("waiter")), "a second write transaction"));
        var reader = await Eventually.Within(db.BeginTransactionAsync(new TransactionOptions("reader", ReadOnly: true)), "a read-only transaction");
        var seen = await db.QueryInTransactionAsync(reader.Id, new Statement("SELECT COUNT(*) FROM t"));
        await db.CommitTransactionAsync(reader.Id);
        await db.CommitTransactionAsync(holder.Id);
        var next = await Eventually.Within(db.BeginTransactionAsync(new TransactionOptions("next")), "a write transaction after the holder committed");
        await db.ExecInTransactionAsync(next.Id, new Statement("INSERT INTO t (v) VALUES ('next')"));
        await db.CommitTransactionAsync(next.Id);

        Assert.Equal(ErrorCodes.SqlTimeout, waiting.ErrorCode);
        Assert.True(waiting.IsTransient);
        Assert.Contains("BusyTimeout", waiting.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Convert.ToInt64(seen.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2L, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Rolling_back_to_a_savepoint_undoes_the_writes_after_it_and_clears_a_failure_while_autocommit_and_batch_savepoints_stay_refused()
    {
        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "sqlite",
            ["DynamicDb:Engines:0:Kind"] = "sqlite",
        });
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txsavepoint");
        await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
        var tx = await db.BeginTransactionAsync(new TransactionOptions("saver"));
        await db.ExecInTransactionAsync(tx.Id, new Statement("INSERT INTO t VALUES (1, 'kept')"));
        await db.ExecInTransactionAsync(tx.Id, new Statement("SAVEPOINT s1"));
        await db.ExecInTransactionAsync(tx.Id, new Statement("INSERT INTO t VALUES (2, 'undone')"));
        var duplicate = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync(tx.Id, new Statement("INSERT INTO t VALUES (1, 'duplicate')")));
        var whileFailed = await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryInTransactionAsync(tx.Id, new Statement("SELECT 1")));
        await db.ExecInTransactionAsync(tx.Id, new Statement("ROLLBACK TO SAVEPOINT s1"));
        await db.ExecInTransactionAsync(tx.Id, new Statement("INSERT INTO t VALUES (3, 'after')"));
        await db.ExecInTransactionAsync(tx.Id, new Statement("RELEASE s1"));
        await db.CommitTransactionAsync(tx.Id);

        var autocommit = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("SAVEPOINT alone")));
        var batch = await Assert.ThrowsAsync<DynamicDbException>(() => db.TransactionAsync([new Statement("SAVEPOINT b"), new Statement("INSERT INTO t VALUES (9, 'batch')")]));
        var commitInside = await Assert.ThrowsAsync<DynamicDbException>(async () =>
        {
            var other = await db.BeginTransactionAsync(new TransactionOptions("committer"));
            try
            {
                await db.ExecInTransactionAsync(other.Id, new Statement("COMMIT"));
            }
            finally
            {
                await db.RollbackTransactionAsync(other.Id);
            }
        });

        Assert.NotEqual(ErrorCodes.TransactionAborted, duplicate.ErrorCode);
        Assert.Equal(ErrorCodes.TransactionAborted, whileFailed.ErrorCode);
        Assert.Equal(ErrorCodes.SqlNotAllowed, autocommit.ErrorCode);
        Assert.Equal(ErrorCodes.SqlNotAllowed, batch.ErrorCode);
        Assert.Equal(ErrorCodes.SqlNotAllowed, commitInside.ErrorCode);
        Assert.Equal(["kept", "after"], (await db.QueryAsync(new Statement("SELECT v FROM t ORDER BY id"))).Rows.Select(r => (string)r[0]!));
    }

    public void Dispose() => _root.Dispose();
}
