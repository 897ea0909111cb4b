using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>
/// Interactive transactions (<see cref="IDatabaseGrain.BeginTransactionAsync"/> ...): commit keeps, rollback discards,
/// other sessions see nothing uncommitted, an idle transaction is rolled back and its next call says why, a failed
/// statement fails the transaction, the open-transaction limit, a drop ends open transactions. On every engine.
/// </summary>
public abstract partial class DatabaseGrainContract
{
    [Fact]
    public async Task A_committed_transaction_keeps_its_writes_and_a_rolled_back_one_discards_them()
    {
        await using var cluster = await StartAsync();
        using var recorder = new MetricRecorder(
            cluster.ServiceProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            DatabaseMetrics.OpenTransactionsInstrument, DatabaseMetrics.CommittedTransactionsInstrument, DatabaseMetrics.RolledBackTransactionsInstrument, DatabaseMetrics.TransactionDurationInstrument);
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txcommit");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));

        var kept = await db.BeginTransactionAsync(new TransactionOptions("session-1"));
        await db.ExecInTransactionAsync(kept.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "kept"));
        var own = await db.QueryInTransactionAsync(kept.Id, new Statement("SELECT v FROM t"));
        await db.CommitTransactionAsync(kept.Id);
        var discarded = await db.BeginTransactionAsync(new TransactionOptions("session-1"));
        await db.ExecInTransactionAsync(discarded.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "discarded"));
        await db.RollbackTransactionAsync(discarded.Id);
        await db.RollbackTransactionAsync(discarded.Id);

        Assert.Equal("kept", Assert.Single(own.Rows)[0]);
        Assert.Equal("kept", Assert.Single((await db.QueryAsync(new Statement("SELECT v FROM t"))).Rows)[0]);
        var ended = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync(kept.Id, new Statement("DELETE FROM t")));
        Assert.Equal(ErrorCodes.TransactionNotFound, ended.ErrorCode);
        Assert.Empty((await db.GetActivityAsync()).Transactions);
        Assert.Equal(1, recorder.Sum(DatabaseMetrics.CommittedTransactionsInstrument, ("engine", EngineId)));
        Assert.Equal(1, recorder.Sum(DatabaseMetrics.RolledBackTransactionsInstrument, ("engine", EngineId), ("reason", "client")));
        Assert.Equal(0, recorder.Sum(DatabaseMetrics.OpenTransactionsInstrument, ("engine", EngineId)));
        Assert.Equal(2, recorder.Of(DatabaseMetrics.TransactionDurationInstrument).Count);
    }

    [Fact]
    public async Task Another_session_sees_no_uncommitted_row_until_the_commit()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txisolation");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));

        var tx = await db.BeginTransactionAsync(new TransactionOptions("writer"));
        await db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "pending"));
        var before = await db.QueryAsync(new Statement("SELECT v FROM t"));
        var reader = await db.BeginTransactionAsync(new TransactionOptions("reader", ReadOnly: true));
        var beforeInReader = await db.QueryInTransactionAsync(reader.Id, new Statement("SELECT v FROM t"));
        await db.RollbackTransactionAsync(reader.Id);
        await db.CommitTransactionAsync(tx.Id);
        var after = await db.QueryAsync(new Statement("SELECT v FROM t"));

        Assert.Equal(0, before.Count);
        Assert.Equal(0, beforeInReader.Count);
        Assert.Equal("pending", Assert.Single(after.Rows)[0]);
    }

    [Fact]
    public async Task An_idle_transaction_is_rolled_back_and_its_next_call_names_the_setting()
    {
        await using var cluster = await StartWithAsync(new() { ["DynamicDb:Databases:TransactionIdleTimeout"] = "00:00:01" });
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txidle");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        var tx = await db.BeginTransactionAsync(new TransactionOptions("sleepy"));
        await db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "lost"));

        await Eventually.True(async () => (await db.GetActivityAsync()).Transactions.Count == 0, "the idle transaction is rolled back");
        var next = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "late")));
        var commit = await Assert.ThrowsAsync<DynamicDbException>(() => db.CommitTransactionAsync(tx.Id));

        Assert.Equal(TimeSpan.FromSeconds(1), tx.IdleTimeout);
        Assert.All([next, commit], e => Assert.Equal(ErrorCodes.TransactionAborted, e.ErrorCode));
        Assert.Contains("after 1 s idle", next.Message, StringComparison.Ordinal);
        Assert.Contains("DynamicDb:Databases:TransactionIdleTimeout", next.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await db.QueryAsync(new Statement("SELECT v FROM t"))).Count);
    }

    [Fact]
    public async Task An_open_transaction_keeps_the_database_awake_past_its_hibernation_timeout()
    {
        await using var cluster = await StartAsync(hibernation: "00:00:01");
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txawake");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        var tx = await db.BeginTransactionAsync(new TransactionOptions("awake", IdleTimeout: TimeSpan.FromSeconds(3)));
        await db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "lost"));

        // The idle timeout ends the transaction; only then does the database hibernate.
        await Eventually.True(async () => (await Catalog(cluster).GetAsync("shop", "txawake"))!.Status == DatabaseStatus.Hibernated, "the database hibernates once the transaction is gone");
        var activity = await db.GetActivityAsync();
        var next = await Assert.ThrowsAsync<DynamicDbException>(() => db.CommitTransactionAsync(tx.Id));

        Assert.Empty(activity.Transactions);
        Assert.Equal(ErrorCodes.TransactionNotFound, next.ErrorCode);
        Assert.Equal(0, (await db.QueryAsync(new Statement("SELECT v FROM t"))).Count);
    }

    [Fact]
    public async Task A_failed_statement_fails_the_transaction_until_it_is_rolled_back()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txfailed");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT NOT NULL)"));
        var tx = await db.BeginTransactionAsync(new TransactionOptions("failing"));
        await db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "first"));

        var failed = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", [null])));
        var next = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "second")));
        var activity = await db.GetActivityAsync();
        var commit = await Assert.ThrowsAsync<DynamicDbException>(() => db.CommitTransactionAsync(tx.Id));

        Assert.Equal(ErrorCodes.SqlError, failed.ErrorCode);
        Assert.Equal(ErrorCodes.TransactionAborted, next.ErrorCode);
        Assert.Contains("roll it back", next.Message, StringComparison.Ordinal);
        Assert.Contains("statement 2 failed", Assert.Single(activity.Transactions).Failed, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.TransactionAborted, commit.ErrorCode);
        Assert.Contains("rolled back instead of committed", commit.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await db.QueryAsync(new Statement("SELECT v FROM t"))).Count);
    }

    [Fact]
    public async Task Opening_more_transactions_than_the_limit_fails_with_transaction_limit_until_one_ends()
    {
        await using var cluster = await StartWithAsync(new() { ["DynamicDb:Databases:MaxOpenTransactions"] = "2" });
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txlimit");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        var first = await db.BeginTransactionAsync(new TransactionOptions("a", ReadOnly: true));
        await db.BeginTransactionAsync(new TransactionOptions("b", ReadOnly: true));

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => db.BeginTransactionAsync(new TransactionOptions("c", ReadOnly: true)));
        await db.RollbackTransactionAsync(first.Id);
        var third = await db.BeginTransactionAsync(new TransactionOptions("c", ReadOnly: true));

        Assert.Equal(ErrorCodes.TransactionLimit, refused.ErrorCode);
        Assert.True(refused.IsTransient);
        Assert.Contains("DynamicDb:Databases:MaxOpenTransactions", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["b", "c"], (await db.GetActivityAsync()).Transactions.Select(t => t.SessionId).Order());
        Assert.True(third.ReadOnly);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(7200)]
    public async Task An_idle_timeout_out_of_range_is_refused_naming_the_setting(int seconds)
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txbadidle");

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => db.BeginTransactionAsync(new TransactionOptions(IdleTimeout: TimeSpan.FromSeconds(seconds))));

        Assert.Equal(ErrorCodes.RequestInvalid, refused.ErrorCode);
        Assert.Contains("DynamicDb:Databases:MaxTransactionIdleTimeout", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_transaction_refuses_writes_and_an_unknown_id_is_not_found()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txreadonly");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        var tx = await db.BeginTransactionAsync(new TransactionOptions("ro", ReadOnly: true));

        var write = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "no")));
        await db.RollbackTransactionAsync(tx.Id);
        var unknown = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync("tx_0123456789abcdef0123456789abcdef", new Statement("SELECT 1")));

        Assert.Equal(ErrorCodes.StatementReadOnly, write.ErrorCode);
        Assert.Equal(ErrorCodes.TransactionNotFound, unknown.ErrorCode);
        Assert.Contains("'txreadonly'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await db.QueryAsync(new Statement("SELECT v FROM t"))).Count);
    }

    [Fact]
    public async Task A_read_only_statement_in_a_read_write_transaction_reads_its_writes_refuses_to_write_and_leaves_it_writable()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txmixed");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        var tx = await db.BeginTransactionAsync(new TransactionOptions("mixed"));
        await db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "first"));

        var read = await db.QueryInTransactionAsync(tx.Id, new Statement("SELECT v FROM t").AsReadOnly());
        await db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "second"));
        await db.CommitTransactionAsync(tx.Id);
        var refusing = await db.BeginTransactionAsync(new TransactionOptions("mixed"));
        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryInTransactionAsync(refusing.Id, new Statement("DELETE FROM t").AsReadOnly()));
        await db.RollbackTransactionAsync(refusing.Id);

        Assert.Equal("first", Assert.Single(read.Rows)[0]);
        Assert.Equal(ErrorCodes.StatementReadOnly, refused.ErrorCode);
        Assert.Equal(["first", "second"], (await db.QueryAsync(new Statement("SELECT v FROM t ORDER BY id"))).Rows.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Dropping_a_database_rolls_back_its_open_transaction_which_then_names_the_drop()
    {
        await using var cluster = await StartWithAsync(new() { ["DynamicDb:Databases:TransactionDrainTimeout"] = "00:00:01" });
        using var recorder = new MetricRecorder(cluster.ServiceProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), DatabaseMetrics.RolledBackTransactionsInstrument);
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/txdrop");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        var tx = await db.BeginTransactionAsync(new TransactionOptions("dropped"));
        await db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t (v) VALUES (?)", "pending"));

        await db.DropAsync();
        var next = await Assert.ThrowsAsync<DynamicDbException>(() => db.CommitTransactionAsync(tx.Id));

        // The grain deactivates after a drop; while it still answers, the call names the drop, afterwards the id is unknown.
        Assert.Contains(next.ErrorCode, new[] { ErrorCodes.TransactionAborted, ErrorCodes.TransactionNotFound });
        if (next.ErrorCode == ErrorCodes.TransactionAborted)
        {
            Assert.Contains("was dropped", next.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, recorder.Sum(DatabaseMetrics.RolledBackTransactionsInstrument, ("reason", "drop")));
    }

    private Task<DatabaseTestCluster> StartWithAsync(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(EngineSettings) { ["DynamicDb:Databases:HibernationTimeout"] = "00:10:00" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return DatabaseClusterFactory.StartAsync(Root, all);
    }
}
