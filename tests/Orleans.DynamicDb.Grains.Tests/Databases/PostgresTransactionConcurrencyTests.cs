using System.Diagnostics;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>
/// Statements of different sessions run concurrently on a PostgreSQL engine: a statement waiting for a row lock holds up
/// neither other statements nor the COMMIT that releases the lock (with the grain's calls serialised, each of these would
/// wait for the blocked statement, which waits for them: a deadlock only the statement timeout ends).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTransactionConcurrencyTests(PostgresFixture postgres, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task A_transaction_holding_a_row_lock_commits_while_another_transactions_update_of_that_row_waits()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txlocks");
        await db.ExecAsync(new Statement("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"));
        await db.ExecAsync(new Statement("INSERT INTO counters VALUES (1, 0)"));

        var a = await db.BeginTransactionAsync(new TransactionOptions("session-a"));
        var b = await db.BeginTransactionAsync(new TransactionOptions("session-b"));
        await db.ExecInTransactionAsync(a.Id, new Statement("UPDATE counters SET n = n + 1 WHERE id = 1"));
        var waiting = db.ExecInTransactionAsync(b.Id, new Statement("UPDATE counters SET n = n + 10 WHERE id = 1"));
        await WaitUntilBlockedOnALockAsync("shop_txlocks");
        await Eventually.Within(db.CommitTransactionAsync(a.Id), "the commit of the transaction holding the lock");
        var updated = await Eventually.Within(waiting, "the waiting update after the commit");
        await db.CommitTransactionAsync(b.Id);

        Assert.Equal(1, updated.RowsAffected);
        Assert.Equal(11, Convert.ToInt32((await db.QueryAsync(new Statement("SELECT n FROM counters WHERE id = 1"))).Rows[0][0]));
    }

    [Fact]
    public async Task A_statement_waiting_for_a_row_lock_holds_up_no_other_statement_of_the_database()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txblocked");
        await db.ExecAsync(new Statement("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"));
        await db.ExecAsync(new Statement("INSERT INTO counters VALUES (1, 0), (2, 0)"));

        var holder = await db.BeginTransactionAsync(new TransactionOptions("holder"));
        await db.ExecInTransactionAsync(holder.Id, new Statement("UPDATE counters SET n = 1 WHERE id = 1"));
        var blocked = db.ExecAsync(new Statement("UPDATE counters SET n = n + 100 WHERE id = 1"));
        await WaitUntilBlockedOnALockAsync("shop_txblocked");
        var other = await Eventually.Within(db.ExecAsync(new Statement("UPDATE counters SET n = n + 5 WHERE id = 2")), "an update of another row while one waits for a lock");
        var activity = await db.GetActivityAsync();
        await db.CommitTransactionAsync(holder.Id);
        await Eventually.Within(blocked, "the blocked update after the commit");

        Assert.Equal(1, other.RowsAffected);
        Assert.True(activity.InFlightStatements >= 1);
        Assert.Equal("holder", Assert.Single(activity.Transactions).SessionId);
        var rows = await db.QueryAsync(new Statement("SELECT n FROM counters ORDER BY id"));
        Assert.Equal([101, 5], rows.Rows.Select(r => Convert.ToInt32(r[0])));
    }

    [Fact]
    public async Task Sixteen_clients_updating_single_rows_through_the_grain_report_their_throughput()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txbench");
        await db.ExecAsync(new Statement("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)"));
        await db.ExecAsync(new Statement("INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 1000) g"));
        const int clients = 16;
        var duration = TimeSpan.FromSeconds(5);

        // A warm-up opens the pool's connections; the measured run follows. No timing is asserted: the number is reported.
        var (warmUp, _) = await RunClientsAsync(db, clients, TimeSpan.FromSeconds(1));
        var (updates, elapsed) = await RunClientsAsync(db, clients, duration);

        output.WriteLine($"{clients} clients, single-row UPDATEs through the grain: {updates} in {elapsed.TotalSeconds:F1} s = {updates / elapsed.TotalSeconds:F0}/s");
        var total = Convert.ToInt64((await db.QueryAsync(new Statement("SELECT sum(balance) FROM accounts"))).Rows[0][0]);
        Assert.Equal(warmUp + updates, total);
    }

    public void Dispose() => _root.Dispose();

    private static async Task<(long Updates, TimeSpan Elapsed)> RunClientsAsync(IDatabaseGrain db, int clients, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var random = new Random(client);
            long done = 0;
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                await db.ExecAsync(Statement.Of("UPDATE accounts SET balance = balance + 1 WHERE id = ?", random.Next(1, 1001)));
                done++;
            }

            return done;
        }));
        return (counts.Sum(), Stopwatch.GetElapsedTime(started));
    }

    private async Task WaitUntilBlockedOnALockAsync(string database)
    {
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString);
        await admin.OpenAsync();
        await Eventually.True(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND wait_event_type = 'Lock'", admin);
            command.Parameters.AddWithValue("db", database);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, $"a statement of {database} waits for a row lock");
    }

    [Fact]
    public async Task Rolling_back_to_a_savepoint_on_postgres_clears_a_failure_and_keeps_the_writes_before_it_while_autocommit_savepoints_stay_refused()
    {
        await using var cluster = await StartAsync();
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
        await db.ExecInTransactionAsync(tx.Id, new Statement("RELEASE SAVEPOINT s1"));
        await db.CommitTransactionAsync(tx.Id);

        var autocommit = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement("SAVEPOINT alone")));
        var batch = await Assert.ThrowsAsync<DynamicDbException>(() => db.TransactionAsync([new Statement("SAVEPOINT b"), new Statement("INSERT INTO t VALUES (9, 'batch')")]));

        Assert.NotEqual(ErrorCodes.TransactionAborted, duplicate.ErrorCode);
        Assert.Equal(ErrorCodes.TransactionAborted, whileFailed.ErrorCode);
        Assert.Equal(ErrorCodes.SqlNotAllowed, autocommit.ErrorCode);
        Assert.Equal(ErrorCodes.SqlNotAllowed, batch.ErrorCode);
        Assert.Equal(["kept", "after"], (await db.QueryAsync(new Statement("SELECT v FROM t ORDER BY id"))).Rows.Select(r => (string)r[0]!));
    }

    private Task<DatabaseTestCluster> StartAsync() => DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
    {
        ["DynamicDb:Engines:0:Id"] = "pg",
        ["DynamicDb:Engines:0:Kind"] = "postgres",
        ["DynamicDb:Engines:0:ConnectionString"] = postgres.Server.ConnectionString,
        ["DynamicDb:KeyRingDirectory"] = Path.Combine(Path.GetDirectoryName(postgres.Server.DataDirectory)!, "keys"),
    });
}
