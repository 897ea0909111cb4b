using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

public sealed class TransactionControlTests
{
    [Theory]
    [InlineData("BEGIN", "BEGIN")]
    [InlineData("begin transaction isolation level serializable", "BEGIN")]
    [InlineData("START TRANSACTION", "START TRANSACTION")]
    [InlineData("COMMIT", "COMMIT")]
    [InlineData("END", "END")]
    [InlineData("ROLLBACK", "ROLLBACK")]
    [InlineData("ABORT", "ABORT")]
    [InlineData("SAVEPOINT a", "SAVEPOINT")]
    [InlineData("RELEASE SAVEPOINT a", "RELEASE")]
    [InlineData("ROLLBACK TO SAVEPOINT a", "ROLLBACK")]
    [InlineData("PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION")]
    [InlineData("COMMIT PREPARED 'x'", "COMMIT")]
    [InlineData("ROLLBACK PREPARED 'x'", "ROLLBACK")]
    [InlineData("INSERT INTO t VALUES (1); COMMIT", "COMMIT")]
    [InlineData("SELECT ';'; /* ; */ -- ;\n BEGIN", "BEGIN")]
    [InlineData("SELECT $x$ ; $x$;\n\t(BEGIN)", "BEGIN")]
    [InlineData("/* leading */ commit", "COMMIT")]
    [InlineData("CREATE TABLE t (begin int); BEGIN", "BEGIN")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; COMMIT", "END")]
    [InlineData("CREATE TABLE t (begin atomic); BEGIN", "BEGIN")]
    [InlineData("CREATE FUNCTION f(begin atomic) RETURNS int LANGUAGE sql RETURN 1; BEGIN", "BEGIN")]
    public void Transaction_control_anywhere_in_the_text_is_refused_naming_the_construct(string sql, string construct)
    {
        var error = Assert.Throws<DynamicDbException>(() => TransactionControl.EnsureNone(sql));

        Assert.Equal(ErrorCodes.SqlNotAllowed, error.ErrorCode);
        Assert.StartsWith($"Transaction control ({construct}) is not allowed in exec/query/transaction: use POST /v1/database/transaction", error.Message);
    }

    [Theory]
    [InlineData("SELECT 'BEGIN; COMMIT'")]
    [InlineData("SELECT \"begin\" FROM t")]
    [InlineData("-- COMMIT\nSELECT 1")]
    [InlineData("DO $$ BEGIN PERFORM 1; END $$")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$")]
    [InlineData("PREPARE q AS SELECT 1")]
    [InlineData("SELECT begin, \"end\" FROM t; UPDATE t SET begin = 1")]
    [InlineData("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")]
    [InlineData("")]
    public void Other_statements_and_keywords_inside_quotes_bodies_and_comments_pass(string sql) => TransactionControl.EnsureNone(sql);

    [Fact]
    public void Checking_a_statement_allocates_for_its_first_three_keywords_only_not_for_every_word()
    {
        // every statement of the wire frontend and the API is checked: the words after the third are skipped, not copied
        var shortText = "select abalance from pgbench_accounts";
        var longText = shortText + string.Concat(Enumerable.Range(0, 200).Select(i => $" and c{i} = c{i}"));
        TransactionControl.EnsureNone(shortText);
        TransactionControl.EnsureNone(longText);

        var shortBytes = AllocatedBy(() => TransactionControl.EnsureNone(shortText));
        var longBytes = AllocatedBy(() => TransactionControl.EnsureNone(longText));

        Assert.True(longBytes <= shortBytes, $"checking 600 more words allocated {longBytes - shortBytes} more bytes ({shortBytes} for the short text, {longBytes} for the long one)");
    }

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
