using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>Transaction control belongs to the API: a tenant's BEGIN, COMMIT, SAVEPOINT... are refused, the engine's own transaction still works.</summary>
public sealed class SqliteTransactionControlTests(ITestOutputHelper output) : SqliteEngineTestBase(output)
{
    public static TheoryData<string, string> TransactionControl => new()
    {
        { "BEGIN", "Transaction control (BEGIN)" },
        { "BEGIN IMMEDIATE TRANSACTION", "Transaction control (BEGIN)" },
        { "COMMIT", "Transaction control (COMMIT)" },
        { "END", "Transaction control (COMMIT)" },
        { "ROLLBACK", "Transaction control (ROLLBACK)" },
        { "SAVEPOINT s1", "Transaction control (SAVEPOINT s1)" },
        { "RELEASE s1", "Transaction control (RELEASE s1)" },
        { "ROLLBACK TO s1", "Transaction control (ROLLBACK TO s1)" },
    };

    [Theory]
    [MemberData(nameof(TransactionControl))]
    public async Task Transaction_control_is_refused_in_exec_and_query_pointing_at_the_transaction_api(string sql, string construct)
    {
        var connection = await OpenAsync(NewName());

        var exec = await AssertNotAllowedAsync(() => connection.ExecAsync(new Statement(sql)), construct);
        await AssertNotAllowedAsync(() => connection.QueryAsync(new Statement(sql)), construct);

        Assert.Contains("POST /v1/database/transaction", exec.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TransactionControl))]
    public async Task Transaction_control_inside_a_transaction_is_refused_and_nothing_of_the_transaction_is_kept(string sql, string construct)
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));

        var e = await AssertNotAllowedAsync(() => connection.TransactionAsync(
            [new Statement("INSERT INTO t VALUES (1)"), new Statement(sql), new Statement("INSERT INTO t VALUES (2)")]), construct);

        Assert.StartsWith("Statement 2 of 3 failed and the transaction was rolled back", e.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task A_commit_among_a_transactions_statements_commits_nothing()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));

        await AssertNotAllowedAsync(() => connection.TransactionAsync(
            [new Statement("INSERT INTO t VALUES (1)"), new Statement("INSERT INTO t VALUES (2); COMMIT; INSERT INTO t VALUES (3)")]),
            "Transaction control (COMMIT)");

        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task The_transaction_api_still_commits_all_or_nothing()
    {
        var connection = await OpenAsync(NewName());
        await connection.ExecAsync(new Statement("CREATE TABLE t (v INTEGER UNIQUE)"));

        var results = await connection.TransactionAsync([new Statement("INSERT INTO t VALUES (1)"), new Statement("INSERT INTO t VALUES (2)")]);
        var failure = await Assert.ThrowsAsync<DynamicDbException>(() => connection.TransactionAsync(
            [new Statement("INSERT INTO t VALUES (3)"), new Statement("INSERT INTO t VALUES (1)")]));

        Assert.Equal([new ExecResult(1, 1), new ExecResult(1, 2)], results);
        Assert.Equal(ErrorCodes.SqlError, failure.ErrorCode);
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM t"));
        Assert.Equal(2L, ReadBehindTheEngine(connection.Name, "SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task Writes_after_a_refused_begin_are_kept_through_hibernation()
    {
        var name = NewName();
        var connection = await OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));

        await AssertNotAllowedAsync(() => connection.ExecAsync(new Statement("BEGIN")), "Transaction control (BEGIN)");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(1L, (await connection.ExecAsync(new Statement("INSERT INTO t VALUES (?)", [i]))).RowsAffected);
        }

        await connection.CloseAsync();

        Assert.Equal(3L, ReadBehindTheEngine(name, "SELECT COUNT(*) FROM t"));
        await using var woken = await Engine.OpenAsync(name);
        Assert.Equal(3L, await ScalarAsync(woken, "SELECT COUNT(*) FROM t"));
    }
}
