using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>
/// Admission through the database grain on a real PostgreSQL engine with tiny limits. Statements are held on the engine
/// by an advisory lock the test owns (<c>pg_advisory_xact_lock</c>), so a slot stays taken exactly as long as the test wants.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAdmissionTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _root = new();
    private string? _database;

    [Fact]
    public async Task A_high_statement_is_admitted_on_the_reserved_slot_while_a_low_one_queues_until_the_load_drains()
    {
        await using var cluster = await StartAsync(slots: 2, reservedHigh: 1);
        var (db, lockId) = await NewDatabaseAsync(cluster, "adm_high");
        await using var holder = await HoldLockAsync(lockId);
        var blocker = db.QueryAsync(Statement.Of($"SELECT pg_advisory_xact_lock({lockId})").From("low-1", Tier.Low));
        await WaitForAsync(cluster, s => s.Tiers[(int)Tier.Low].InFlight == 1, "the Low blocker holds a slot");

        var low = db.QueryAsync(Statement.Of("SELECT 2").From("low-2", Tier.Low));
        await WaitForAsync(cluster, s => s.Tiers[(int)Tier.Low].Queued == 1, "the second Low statement queues");
        var high = await Eventually.Within(db.QueryAsync(Statement.Of("SELECT 1").From("high-1", Tier.High)), "the High statement");

        Assert.False(low.IsCompleted);
        Assert.Equal(1L, Convert.ToInt64(high.Rows[0][0]));
        await holder.DisposeAsync();
        await Eventually.Within(blocker, "the blocker after the lock was released");
        Assert.Equal(2L, Convert.ToInt64((await Eventually.Within(low, "the queued Low statement after the load drained")).Rows[0][0]));
        var engine = Status(cluster);
        Assert.Equal((0, 0), (engine.InFlight, engine.Queued));
        Assert.Equal(1, engine.Tiers[(int)Tier.Low].QueuedTotal);
    }

    [Fact]
    public async Task A_refused_insert_answers_admission_busy_and_leaves_no_row()
    {
        await using var cluster = await StartAsync(slots: 1, reservedHigh: 0, mediumQueue: 0);
        var (db, lockId) = await NewDatabaseAsync(cluster, "adm_refused");
        await using var holder = await HoldLockAsync(lockId);
        var blocker = db.QueryAsync(Statement.Of($"SELECT pg_advisory_xact_lock({lockId})"));
        await WaitForAsync(cluster, s => s.InFlight == 1, "the blocker holds the only slot");

        var busy = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(Statement.Of("INSERT INTO t VALUES (1)")));
        var batch = await Assert.ThrowsAsync<DynamicDbException>(() => db.TransactionAsync([Statement.Of("INSERT INTO t VALUES (2)")]));
        await holder.DisposeAsync();
        await Eventually.Within(blocker, "the blocker");
        await db.ExecAsync(Statement.Of("INSERT INTO t VALUES (3)"));

        Assert.Equal(ErrorCodes.AdmissionBusy, busy.ErrorCode);
        Assert.True(busy.IsTransient);
        Assert.NotNull(busy.RetryAfter);
        Assert.Contains("tier Medium", busy.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.AdmissionBusy, batch.ErrorCode);
        Assert.Equal([3L], (await db.QueryAsync(Statement.Of("SELECT id FROM t ORDER BY id"))).Rows.Select(r => Convert.ToInt64(r[0])));
    }

    [Fact]
    public async Task Failed_and_cancelled_statements_give_their_slot_back()
    {
        await using var cluster = await StartAsync(slots: 1, reservedHigh: 0, mediumQueue: 0);
        var (db, _) = await NewDatabaseAsync(cluster, "adm_release");

        await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(Statement.Of("INSERT INTO missing VALUES (1)")));
        await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryAsync(Statement.Of("SELEC 1")));
        await Assert.ThrowsAsync<DynamicDbException>(() => db.TransactionAsync([Statement.Of("INSERT INTO t VALUES (1)"), Statement.Of("INSERT INTO t VALUES (1)")]));
        await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryPageAsync(Statement.Of("SELECT * FROM missing"), new QueryPaging(10, 1000, 10, 1000)));

        // With one slot and no queue, a slot left taken would refuse this at once.
        await db.ExecAsync(Statement.Of("INSERT INTO t VALUES (5)"));
        Assert.Equal(0, Status(cluster).InFlight);
    }

    [Fact]
    public async Task Statements_of_an_interactive_transaction_take_slots_but_its_commit_never_queues()
    {
        await using var cluster = await StartAsync(slots: 1, reservedHigh: 0, mediumQueue: 0);
        var (db, lockId) = await NewDatabaseAsync(cluster, "adm_tx");
        var tx = await db.BeginTransactionAsync(new TransactionOptions("tx-session", Tier: Tier.Low));
        await db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t VALUES (7)"));
        await using var holder = await HoldLockAsync(lockId);
        var blocker = db.QueryAsync(Statement.Of($"SELECT pg_advisory_xact_lock({lockId})"));
        await WaitForAsync(cluster, s => s.InFlight == 1, "the blocker holds the only slot");

        var busy = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecInTransactionAsync(tx.Id, Statement.Of("INSERT INTO t VALUES (8)")));
        await Eventually.Within(db.CommitTransactionAsync(tx.Id), "the commit while every slot is taken");
        await holder.DisposeAsync();
        await Eventually.Within(blocker, "the blocker");

        Assert.Equal(ErrorCodes.AdmissionBusy, busy.ErrorCode);
        Assert.Contains("tier Low", busy.Message, StringComparison.Ordinal);
        Assert.Equal(1, Status(cluster).Tiers[(int)Tier.Low].RejectedQueueFull);
        Assert.Equal([7L], (await db.QueryAsync(Statement.Of("SELECT id FROM t ORDER BY id"))).Rows.Select(r => Convert.ToInt64(r[0])));
    }

    public void Dispose() => _root.Dispose();

    private static EngineAdmissionStatus Status(DatabaseTestCluster cluster) =>
        cluster.ServiceProvider.GetRequiredService<TierAdmission>().StatusOf("pg");

    private static Task WaitForAsync(DatabaseTestCluster cluster, Func<EngineAdmissionStatus, bool> condition, string because) =>
        Eventually.True(() => condition(Status(cluster)), because);

    private async Task<(IDatabaseGrain Db, long LockId)> NewDatabaseAsync(DatabaseTestCluster cluster, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..30];
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/{name}");
        await db.ExecAsync(Statement.Of("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        _database = $"shop_{name}";
        return (db, Random.Shared.NextInt64(1, long.MaxValue));
    }

    /// <summary>
    /// Takes the advisory lock on a connection of the test's own to the database's PostgreSQL database (advisory locks
    /// are per database); disposing it releases the lock.
    /// </summary>
    private async Task<NpgsqlConnection> HoldLockAsync(long lockId)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Database = _database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({lockId})", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private Task<DatabaseTestCluster> StartAsync(int slots, int reservedHigh, int mediumQueue = 10) => DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>
    {
        ["DynamicDb:Engines:0:Id"] = "pg",
        ["DynamicDb:Engines:0:Kind"] = "postgres",
        ["DynamicDb:Engines:0:ConnectionString"] = postgres.Server.ConnectionString,
        ["DynamicDb:KeyRingDirectory"] = Path.Combine(Path.GetDirectoryName(postgres.Server.DataDirectory)!, "keys"),
        ["DynamicDb:Tiers:Admission:SlotsPerEngine"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DynamicDb:Tiers:Admission:ReservedHigh"] = reservedHigh.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DynamicDb:Tiers:Admission:BackgroundMaxSlots"] = "1",
        ["DynamicDb:Tiers:Admission:QueueLimit:Medium"] = mediumQueue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DynamicDb:Tiers:Admission:QueueLimit:Low"] = mediumQueue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DynamicDb:Tiers:Admission:QueueTimeout"] = "00:01:00",
    });
}
