using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// Transaction control belongs to the API: a tenant's BEGIN, COMMIT, ROLLBACK, SAVEPOINT... in exec, query or among
/// the statements of /transaction is refused and points at /v1/database/transaction, so an acknowledged write is never
/// left inside a transaction nobody commits, and /transaction stays all-or-nothing. Run once per engine.
/// </summary>
public abstract class TransactionControlContract(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    /// <summary>The engine's settings as command-line arguments (the default engine); grains are collected every second.</summary>
    protected abstract IEnumerable<string> EngineArguments { get; }

    private static readonly string[] Committed = ["INSERT INTO mine (id, value) VALUES (30, 'a')", "INSERT INTO mine (id, value) VALUES (31, 'b')"];

    private static readonly string[] Failing = ["INSERT INTO mine (id, value) VALUES (32, 'c')", "INSERT INTO missing_table VALUES (1)"];

    /// <summary>Statements that control a transaction on every engine (each engine's own forms are in its class).</summary>
    public static TheoryData<string> ControlStatements => new()
    {
        "BEGIN",
        "BEGIN TRANSACTION",
        "begin",
        "  BEGIN;",
        "COMMIT",
        "END",
        "ROLLBACK",
        "SAVEPOINT s1",
        "RELEASE s1",
        "RELEASE SAVEPOINT s1",
        "ROLLBACK TO s1",
        "ROLLBACK TO SAVEPOINT s1",
    };

    [Theory]
    [MemberData(nameof(ControlStatements))]
    public Task Transaction_control_in_exec_is_refused_and_points_at_the_transaction_endpoint(string sql) => AssertRefusedInExecAndQueryAsync(sql);

    /// <summary>
    /// <paramref name="sql"/> sent alone to exec, to query and after an INSERT in the same exec is refused with a detail
    /// pointing at the transaction endpoint, and leaves no transaction open behind it.
    /// </summary>
    private protected async Task AssertRefusedInExecAndQueryAsync(string sql)
    {
        var (silo, database) = await ArrangeAsync();

        var exec = await silo.Alpha.ExecAsync(database, sql);
        var query = await silo.Alpha.QueryAsync(database, sql);
        var combined = await silo.Alpha.ExecAsync(database, $"INSERT INTO mine (id, value) VALUES (2, 'combined'); {sql}");

        exec.AssertRefused("/v1/database/transaction");
        query.AssertRefused("/v1/database/transaction");
        combined.AssertRefused("/v1/database/transaction");
        await AssertNoTransactionLeftOpenAsync(silo, database);
    }

    [Theory]
    [InlineData("COMMIT")]
    [InlineData("END")]
    [InlineData("ROLLBACK")]
    [InlineData("BEGIN")]
    [InlineData("SAVEPOINT s1")]
    [InlineData("RELEASE s1")]
    public async Task Transaction_control_inside_a_transaction_is_refused_and_nothing_is_committed(string control)
    {
        var (silo, database) = await ArrangeAsync();

        var answer = await silo.Alpha.PostAsync("transaction", new
        {
            database,
            queries = new object[]
            {
                "INSERT INTO mine (id, value) VALUES (10, 'first part')",
                control,
                "INSERT INTO mine (id, value) VALUES (11, 'second part')",
            },
        });

        answer.AssertRefused("/v1/database/transaction");
        var rows = await silo.Alpha.RowsAsync(database, "SELECT id FROM mine ORDER BY id");
        Assert.Equal([1L], rows.Select(r => r.GetProperty("id").GetInt64()));
        await AssertNoTransactionLeftOpenAsync(silo, database);
    }

    [Fact]
    public async Task Writes_acknowledged_after_a_refused_BEGIN_survive_hibernation()
    {
        var (silo, database) = await ArrangeAsync(hibernationSeconds: 1);

        var begin = await silo.Alpha.ExecAsync(database, "BEGIN");
        for (var i = 0; i < 3; i++)
        {
            (await silo.Alpha.ExecAsync(database, "INSERT INTO mine (id, value) VALUES (?, 'acknowledged')", 20 + i)).EnsureOk();
        }

        await Eventually.True(
            async () => (await silo.Alpha.GetAsync($"status?database={database}")).EnsureOk().Json.GetProperty("status").GetString() == "hibernated",
            "the database hibernates once idle (its hibernation must not fail because of a tenant's statement)",
            TimeSpan.FromSeconds(60));
        var rows = await silo.Alpha.RowsAsync(database, "SELECT id FROM mine ORDER BY id");

        begin.AssertRefused("/v1/database/transaction");
        Assert.Equal([1L, 20L, 21L, 22L], rows.Select(r => r.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task The_engines_own_transaction_still_commits_and_rolls_back()
    {
        var (silo, database) = await ArrangeAsync();

        var committed = await silo.Alpha.PostAsync("transaction", new { database, queries = Committed });
        var failed = await silo.Alpha.PostAsync("transaction", new { database, queries = Failing });

        committed.EnsureOk();
        failed.AssertFailed();
        var rows = await silo.Alpha.RowsAsync(database, "SELECT id FROM mine ORDER BY id");
        Assert.Equal([1L, 30L, 31L], rows.Select(r => r.GetProperty("id").GetInt64()));
    }

    private async Task<(GatewaySilo Silo, string Database)> ArrangeAsync(int? hibernationSeconds = null)
    {
        var silo = await fixture.GetAsync(() => [.. EngineArguments, "--Orleans:GrainCollection:CollectionQuantum", "00:00:01"]);
        var database = TestDatabases.New("txn");
        (await silo.Alpha.PostAsync("create", new { database, hibernation_timeout_seconds = hibernationSeconds ?? 600 })).EnsureOk();
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE mine (id INTEGER PRIMARY KEY, value TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, "INSERT INTO mine (id, value) VALUES (1, 'before')")).EnsureOk();
        return (silo, database);
    }

    /// <summary>
    /// No connection of the database was left inside a transaction: a write is visible to a concurrent reader at once, and
    /// a failing /transaction still rolls back what it did.
    /// </summary>
    private static async Task AssertNoTransactionLeftOpenAsync(GatewaySilo silo, string database)
    {
        for (var i = 0; i < 3; i++)
        {
            var id = 100 + i;
            (await silo.Alpha.ExecAsync(database, "INSERT INTO mine (id, value) VALUES (?, 'probe')", id)).EnsureOk();
            var seen = await Task.WhenAll(
                silo.Alpha.RowsAsync(database, "SELECT id FROM mine WHERE id = ?", id),
                silo.Alpha.RowsAsync(database, "SELECT id FROM mine WHERE id = ?", id));
            Assert.All(seen, rows => Assert.Single(rows));
            var rolledBack = await silo.Alpha.PostAsync("transaction", new { database, queries = new object[] { $"DELETE FROM mine WHERE id = {id}", "INSERT INTO missing_table VALUES (1)" } });
            Assert.Equal(HttpStatusCode.BadRequest, rolledBack.Status);
            Assert.Single(await silo.Alpha.RowsAsync(database, "SELECT id FROM mine WHERE id = ?", id));
        }
    }
}
